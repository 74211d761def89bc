// SPDX-License-Identifier: MIT
// The JSON pretty printer and the lazy index: exact text out, exact error positions, values as sent.
#include "core/payload/jsonformatter.h"
#include "core/payload/jsonindex.h"

#include <QTest>

using namespace hookscope;

class TstJsonPayload final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatsLikeJsonStringify();
    void keepsNumbersAndStringsAsSent();
    void reportsWhereInvalidJsonBreaks_data();
    void reportsWhereInvalidJsonBreaks();
    void acceptsScalarsAndBomAtTheTop();
    void deepNestingIsAnErrorNotACrash();
    void indexListsChildrenLazily();
    void indexUnescapesKeysAndStrings();
    void indexSummarizesValues();
    void indexRefusesInvalidJson();
    void indexListsChildrenPageByPage();
};

void TstJsonPayload::formatsLikeJsonStringify()
{
    const FormattedJson out = formatJson(R"({"a":1,"b":[true,false,null],"c":{},"d":[],"e":{"f":[{"g":"h"}]}})");
    QVERIFY(!out.error.failed());
    QCOMPARE(out.text, QByteArray(R"({
  "a": 1,
  "b": [
    true,
    false,
    null
  ],
  "c": {},
  "d": [],
  "e": {
    "f": [
      {
        "g": "h"
      }
    ]
  }
})"));
    QCOMPARE(formatJson(" [ 1 , 2 ] ", 4).text, QByteArray("[\n    1,\n    2\n]"));
    QCOMPARE(formatJson("{ \n }").text, QByteArray("{}"));
}

void TstJsonPayload::keepsNumbersAndStringsAsSent()
{
    const QByteArray in = R"([1.10,1e400,-0,12345678901234567890,0.1E-7,"\u00e9\n\"x\"","é"])";
    const FormattedJson out = formatJson(in);
    QVERIFY(!out.error.failed());
    QCOMPARE(out.text,
        QByteArray(
            "[\n  1.10,\n  1e400,\n  -0,\n  12345678901234567890,\n  0.1E-7,\n  \"\\u00e9\\n\\\"x\\\"\",\n  \"é\"\n]"));
}

void TstJsonPayload::reportsWhereInvalidJsonBreaks_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::addRow("missing comma") << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}") << 13 << 3 << 3
                                   << QStringLiteral("Expected ',' or '}', found '\"'");
    QTest::addRow("trailing comma") << QByteArray("[1,2,]") << 5 << 1 << 6
                                    << QStringLiteral("Trailing comma before ']'");
    QTest::addRow("cut") << QByteArray("{\"a\": [1, 2") << 11 << 1 << 12
                         << QStringLiteral("Unexpected end of input, expected ',' or ']'");
    QTest::addRow("empty") << QByteArray("  ") << 2 << 1 << 3 << QStringLiteral("The body holds no JSON value");
    QTest::addRow("single quotes") << QByteArray("{'a': 1}") << 1 << 1 << 2
                                   << QStringLiteral("Expected a string key, found '''");
    QTest::addRow("column counts characters")
        << QByteArray("[\"é\", x]") << 7 << 1 << 7 << QStringLiteral("Expected a value, found 'x'");
    QTest::addRow("bad literal") << QByteArray("[tru]") << 4 << 1 << 5
                                 << QStringLiteral("Invalid literal, expected 'true'");
    QTest::addRow("leading zero") << QByteArray("[01]") << 2 << 1 << 3
                                  << QStringLiteral("Expected ',' or ']', found '1'");
    QTest::addRow("bad number") << QByteArray("[1.]") << 3 << 1 << 4 << QStringLiteral("Invalid number");
    QTest::addRow("control char") << QByteArray("[\"a\tb\"]") << 3 << 1 << 4
                                  << QStringLiteral("Unescaped control character (byte 0x09) in a string");
    QTest::addRow("bad escape") << QByteArray(R"(["\x"])") << 2 << 1 << 3
                                << QStringLiteral("Invalid escape '\\x' in a string");
    QTest::addRow("unterminated") << QByteArray("{\"a\": \"b}") << 6 << 1 << 7 << QStringLiteral("Unterminated string");
    QTest::addRow("two values") << QByteArray("{} {}") << 3 << 1 << 4
                                << QStringLiteral("Unexpected '{' after the JSON value");
    QTest::addRow("missing colon") << QByteArray("{\"a\" 1}") << 5 << 1 << 6
                                   << QStringLiteral("Expected ':' after the key, found '1'");
}

void TstJsonPayload::reportsWhereInvalidJsonBreaks()
{
    QFETCH(QByteArray, json);
    QFETCH(int, offset);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const FormattedJson out = formatJson(json);
    QVERIFY(out.error.failed());
    QVERIFY(out.text.isEmpty());
    QCOMPARE(out.error.message, message);
    QCOMPARE(out.error.offset, qsizetype(offset));
    QCOMPARE(out.error.line, line);
    QCOMPARE(out.error.column, column);
    QCOMPARE(validateJson(json).offset, qsizetype(offset));
    QCOMPARE(out.error.describe(),
        QStringLiteral("%1 at line %2, column %3 (byte %4)").arg(message).arg(line).arg(column).arg(offset));
}

void TstJsonPayload::acceptsScalarsAndBomAtTheTop()
{
    QCOMPARE(formatJson(" \"ok\" ").text, QByteArray("\"ok\""));
    QCOMPARE(formatJson("42").text, QByteArray("42"));
    QCOMPARE(formatJson("\xEF\xBB\xBF{\"a\":null}").text, QByteArray("{\n  \"a\": null\n}"));
    QVERIFY(!validateJson("\xEF\xBB\xBF[]").failed());
}

void TstJsonPayload::deepNestingIsAnErrorNotACrash()
{
    const QByteArray deep = QByteArray(50000, '[') + QByteArray(50000, ']');
    QVERIFY(!validateJson(deep).failed());
    const FormattedJson out = formatJson(deep);
    QVERIFY(out.error.failed());
    QCOMPARE(out.error.message, QStringLiteral("Nesting deeper than 1000 levels"));
    QCOMPARE(out.error.offset, qsizetype(1000));
}

void TstJsonPayload::indexListsChildrenLazily()
{
    JsonError error;
    const JsonIndex index = JsonIndex::build(R"( {"data": {"items": [10, {"id": 7}, [], "x"]}, "n": -1.50} )", &error);
    QVERIFY(!error.failed());
    QVERIFY(index.isValid());
    const JsonIndex::Node root = index.root();
    QCOMPARE(root.kind, JsonKind::Object);
    QVERIFY(index.hasChildren(root));
    const QList<JsonIndex::Node> top = index.children(root);
    QCOMPARE(top.size(), 2);
    QCOMPARE(index.key(top[0]), QStringLiteral("data"));
    QCOMPARE(index.key(top[1]), QStringLiteral("n"));
    QCOMPARE(top[1].kind, JsonKind::Number);
    QCOMPARE(index.rawText(top[1]), QByteArrayView("-1.50"));
    const QList<JsonIndex::Node> items = index.children(index.children(top[0]).at(0));
    QCOMPARE(items.size(), 4);
    QVERIFY(!items[0].hasKey());
    QCOMPARE(index.valueText(items[0]), QStringLiteral("10"));
    QCOMPARE(items[1].kind, JsonKind::Object);
    QCOMPARE(index.rawText(items[1]), QByteArrayView(R"({"id": 7})"));
    QCOMPARE(index.valueText(index.children(items[1]).at(0)), QStringLiteral("7"));
    QCOMPARE(items[2].kind, JsonKind::Array);
    QVERIFY(!index.hasChildren(items[2]));
    QCOMPARE(index.children(items[2]).size(), 0);
    QCOMPARE(items[3].kind, JsonKind::String);
    QCOMPARE(index.valueText(items[3]), QStringLiteral("x"));
}

void TstJsonPayload::indexUnescapesKeysAndStrings()
{
    const JsonIndex index = JsonIndex::build(R"({"a\"b": "\u00e9\ud83d\ude00\n\t\/ok", "plain": "café"})");
    const QList<JsonIndex::Node> fields = index.children(index.root());
    QCOMPARE(index.key(fields[0]), QStringLiteral("a\"b"));
    QCOMPARE(index.valueText(fields[0]), QStringLiteral("é😀\n\t/ok"));
    QCOMPARE(index.valueText(fields[1]), QStringLiteral("café"));
}

void TstJsonPayload::indexSummarizesValues()
{
    const JsonIndex index = JsonIndex::build(R"({"o": {"a": 1}, "l": [1, 2, 3], "s": "hello", "b": true, "z": null})");
    const QList<JsonIndex::Node> fields = index.children(index.root());
    QCOMPARE(index.displayValue(index.root()), QStringLiteral("{5 keys}"));
    QCOMPARE(index.displayValue(fields[0]), QStringLiteral("{1 key}"));
    QCOMPARE(index.displayValue(fields[1]), QStringLiteral("[3 items]"));
    QCOMPARE(index.displayValue(fields[2]), QStringLiteral("\"hello\""));
    QCOMPARE(index.displayValue(fields[2], 3), QStringLiteral("\"hel…\""));
    QCOMPARE(index.displayValue(fields[3]), QStringLiteral("true"));
    QCOMPARE(index.displayValue(fields[4]), QStringLiteral("null"));
    const JsonIndex scalar = JsonIndex::build(" 3.0 ");
    QCOMPARE(scalar.root().kind, JsonKind::Number);
    QCOMPARE(scalar.rawText(scalar.root()), QByteArrayView("3.0"));
}

void TstJsonPayload::indexRefusesInvalidJson()
{
    JsonError error;
    const JsonIndex index = JsonIndex::build("{\"a\": }", &error);
    QVERIFY(!index.isValid());
    QVERIFY(error.failed());
    QCOMPARE(error.offset, qsizetype(6));
}

void TstJsonPayload::indexListsChildrenPageByPage()
{
    const JsonIndex index = JsonIndex::build(R"([1, {"a": [2, 3]}, "x", [], 4])");
    QCOMPARE(index.childCount(index.root()), 5);
    QCOMPARE(index.childCount(index.children(index.root()).at(1)), 1);
    JsonIndex::ChildPage page = index.childPage(index.root(), -1, 2);
    QCOMPARE(page.nodes.size(), 2);
    QCOMPARE(index.rawText(page.nodes[1]), QByteArrayView(R"({"a": [2, 3]})"));
    QVERIFY(page.next > 0);
    page = index.childPage(index.root(), page.next, 2);
    QCOMPARE(index.rawText(page.nodes[0]), QByteArrayView(R"("x")"));
    QCOMPARE(index.rawText(page.nodes[1]), QByteArrayView("[]"));
    page = index.childPage(index.root(), page.next, 2);
    QCOMPARE(page.nodes.size(), 1);
    QCOMPARE(index.rawText(page.nodes[0]), QByteArrayView("4"));
    QCOMPARE(page.next, qsizetype(-1));
}

QTEST_GUILESS_MAIN(TstJsonPayload)
#include "tst_jsonpayload.moc"
