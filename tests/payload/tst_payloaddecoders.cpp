// SPDX-License-Identifier: MIT
// Content kinds, Content-Encoding, forms and queries, multipart, XML, charsets and the hex dump: exact outputs.
#include "core/payload/contentencoding.h"
#include "core/payload/contentkind.h"
#include "core/payload/formdecoder.h"
#include "core/payload/hexdump.h"
#include "core/payload/mediatype.h"
#include "core/payload/multipartparser.h"
#include "core/payload/textdecoder.h"
#include "core/payload/xmlformatter.h"

#include <QTest>

#include <zlib.h>

using namespace hookscope;

class TstPayloadDecoders final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesMediaTypes();
    void detectsContentKinds_data();
    void detectsContentKinds();
    void decodesGzipAndDeflate();
    void reportsBrokenAndUnsupportedEncodings();
    void stopsAtTheDecodedSizeLimit();
    void decodesForms_data();
    void decodesForms();
    void decodesQueries();
    void splitsMultipartBodies();
    void reportsIncompleteMultipart();
    void prettyPrintsXml();
    void reportsXmlErrors();
    void decodesDeclaredCharsets();
    void fallsBackForUnknownCharsets();
    void dumpsHex();
};

namespace {

// windowBits: 15 + 16 for gzip, 15 for zlib, -15 for raw deflate.
QByteArray compress(const QByteArray& data, int windowBits)
{
    z_stream stream {};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(static_cast<qsizetype>(deflateBound(&stream, data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(static_cast<qsizetype>(stream.total_out));
    deflateEnd(&stream);
    return out;
}

} // namespace

void TstPayloadDecoders::parsesMediaTypes()
{
    const MediaType json = MediaType::parse("Application/JSON ; Charset=\"UTF-8\"");
    QCOMPARE(json.essence, QByteArray("application/json"));
    QCOMPARE(json.charset, QByteArray("utf-8"));
    QVERIFY(json.isJson());
    const MediaType parts = MediaType::parse(R"(multipart/form-data; boundary="----Web Kit\"42")");
    QCOMPARE(parts.boundary, QByteArray("----Web Kit\"42"));
    QVERIFY(parts.isMultipart());
    QVERIFY(MediaType::parse("application/vnd.api+json").isJson());
    QVERIFY(MediaType::parse("image/svg+xml").isXml());
    QVERIFY(MediaType::parse("").essence.isEmpty());
    QCOMPARE(mediatype::parameter("form-data; name=\"a;b\"; filename=x.txt", "filename"), QByteArray("x.txt"));
    QCOMPARE(mediatype::parameter("form-data; name=\"a;b\"; filename=x.txt", "name"), QByteArray("a;b"));
    QVERIFY(mediatype::parameter("form-data; name=a", "filename").isNull());
}

void TstPayloadDecoders::detectsContentKinds_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ContentKind>("kind");
    QTest::addRow("empty") << QByteArray("application/json") << QByteArray() << ContentKind::Empty;
    QTest::addRow("declared json") << QByteArray("application/json") << QByteArray("{}") << ContentKind::Json;
    QTest::addRow("json as text/plain stays text") << QByteArray("text/plain") << QByteArray("{}") << ContentKind::Text;
    QTest::addRow("sniffed json") << QByteArray() << QByteArray(" \n[1]") << ContentKind::Json;
    QTest::addRow("octet-stream json") << QByteArray("application/octet-stream") << QByteArray("{\"a\":1}")
                                       << ContentKind::Json;
    QTest::addRow("declared form") << QByteArray("application/x-www-form-urlencoded") << QByteArray("a=1")
                                   << ContentKind::FormUrlEncoded;
    QTest::addRow("sniffed form") << QByteArray() << QByteArray("a=1&b=%20") << ContentKind::FormUrlEncoded;
    QTest::addRow("multipart") << QByteArray("multipart/form-data; boundary=x") << QByteArray("--x\r\n")
                               << ContentKind::Multipart;
    QTest::addRow("multipart without boundary")
        << QByteArray("multipart/form-data") << QByteArray("hello there") << ContentKind::Text;
    QTest::addRow("declared xml") << QByteArray("text/xml") << QByteArray("<a/>") << ContentKind::Xml;
    QTest::addRow("sniffed xml") << QByteArray() << QByteArray("<?xml version=\"1.0\"?><a/>") << ContentKind::Xml;
    QTest::addRow("text") << QByteArray() << QByteArray("hello world") << ContentKind::Text;
    QTest::addRow("png") << QByteArray("image/png") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                         << ContentKind::Binary;
    QTest::addRow("json that is binary") << QByteArray("application/json") << QByteArray("\x1f\x8b\x08\0", 4)
                                         << ContentKind::Binary;
    QTest::addRow("windows-1252 text") << QByteArray("text/plain; charset=windows-1252") << QByteArray("caf\xe9")
                                       << ContentKind::Text;
    QTest::addRow("latin-1 without charset") << QByteArray() << QByteArray("caf\xe9") << ContentKind::Binary;
}

void TstPayloadDecoders::detectsContentKinds()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(ContentKind, kind);
    QCOMPARE(detectContentKind(MediaType::parse(contentType), body), kind);
}

void TstPayloadDecoders::decodesGzipAndDeflate()
{
    const QByteArray original
        = QByteArray("{\"event\":\"payment.succeeded\",\"pad\":\"") + QByteArray(100000, 'x') + "\"}";
    const QByteArray gzip = compress(original, 15 + 16);
    QVERIFY(gzip.startsWith("\x1f\x8b"));

    DecodedContent decoded = decodeContentEncoding(gzip, "gzip");
    QCOMPARE(decoded.status, DecodedContent::Status::Decoded);
    QCOMPARE(decoded.bytes, original);
    QCOMPARE(decoded.encoding, QByteArray("gzip"));
    QVERIFY(decoded.applies());

    // Two gzip members one after the other are one body.
    decoded = decodeContentEncoding(compress("abc", 31) + compress("def", 31), "x-gzip");
    QCOMPARE(decoded.bytes, QByteArray("abcdef"));

    QCOMPARE(decodeContentEncoding(compress(original, 15), "deflate").bytes, original);
    QCOMPARE(decodeContentEncoding(compress(original, -15), "Deflate").bytes, original); // raw deflate
    QCOMPARE(decodeContentEncoding(compress(compress("x=1", 15), 31), "deflate, gzip").bytes, QByteArray("x=1"));

    decoded = decodeContentEncoding("plain", "identity");
    QCOMPARE(decoded.status, DecodedContent::Status::Identity);
    QVERIFY(!decoded.applies());
    QCOMPARE(decodeContentEncoding("plain", {}).bytes, QByteArray("plain"));
}

void TstPayloadDecoders::reportsBrokenAndUnsupportedEncodings()
{
    const QByteArray original(5000, 'a');
    const QByteArray gzip = compress(original, 31);
    DecodedContent cut = decodeContentEncoding(gzip.first(gzip.size() - 10), "gzip");
    QCOMPARE(cut.status, DecodedContent::Status::Corrupt);
    QVERIFY(!cut.error.isEmpty());

    DecodedContent garbage = decodeContentEncoding("not gzip at all", "gzip");
    QCOMPARE(garbage.status, DecodedContent::Status::Corrupt);
    QCOMPARE(garbage.error, QStringLiteral("incorrect header check"));

    DecodedContent brotli = decodeContentEncoding("\x0b\x02\x80", "br");
    QCOMPARE(brotli.status, DecodedContent::Status::Unsupported);
    QCOMPARE(brotli.bytes, QByteArray("\x0b\x02\x80"));
    QCOMPARE(brotli.error, QStringLiteral("Content-Encoding \"br\" is not supported for display"));
}

void TstPayloadDecoders::stopsAtTheDecodedSizeLimit()
{
    const QByteArray bomb = compress(QByteArray(4 * 1024 * 1024, '\0'), 31);
    QVERIFY(bomb.size() < 10000);
    const DecodedContent decoded = decodeContentEncoding(bomb, "gzip", 1024 * 1024);
    QCOMPARE(decoded.status, DecodedContent::Status::TooLarge);
    QCOMPARE(decoded.bytes.size(), 1024 * 1024);
}

void TstPayloadDecoders::decodesForms_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected"); // name=value per field, '!' marks a field without '='
    QTest::addRow("simple") << QByteArray("a=1&b=two")
                            << QStringList { QStringLiteral("a=1"), QStringLiteral("b=two") };
    QTest::addRow("repeated keys keep order") << QByteArray(
        "tag=x&id=1&tag=y") << QStringList { QStringLiteral("tag=x"), QStringLiteral("id=1"), QStringLiteral("tag=y") };
    QTest::addRow("plus and escapes") << QByteArray("q=hello+world%21&%C3%A9=%E2%82%AC")
                                      << QStringList { QStringLiteral("q=hello world!"), QStringLiteral("é=€") };
    QTest::addRow("invalid escapes as-is")
        << QByteArray("a=100%&b=%zz%4") << QStringList { QStringLiteral("a=100%"), QStringLiteral("b=%zz%4") };
    QTest::addRow("encoded separators") << QByteArray("a=x%26y%3Dz") << QStringList { QStringLiteral("a=x&y=z") };
    QTest::addRow("empty pairs and bare flags") << QByteArray(
        "&a=&&flag&=v&") << QStringList { QStringLiteral("a="), QStringLiteral("flag!"), QStringLiteral("=v") };
    QTest::addRow("empty") << QByteArray() << QStringList {};
}

void TstPayloadDecoders::decodesForms()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    QStringList actual;
    for (const FormField& field : form::decode(body))
        actual.append(field.hasValue ? QString(field.name + u'=' + field.value) : QString(field.name + u'!'));
    QCOMPARE(actual, expected);
}

void TstPayloadDecoders::decodesQueries()
{
    const QList<FormField> fields = form::decodeQuery("?page=2&sort=-created&page=3#top");
    QCOMPARE(fields.size(), 3);
    QCOMPARE(fields[0].name, QStringLiteral("page"));
    QCOMPARE(fields[0].value, QStringLiteral("2"));
    QCOMPARE(fields[0].rawValue, QByteArray("2"));
    QCOMPARE(fields[1].value, QStringLiteral("-created"));
    QCOMPARE(fields[2].value, QStringLiteral("3"));
    QCOMPARE(form::decodeQuery("next=/a?b=1").at(0).value, QStringLiteral("/a?b=1"));
    QCOMPARE(form::queryOf("/hooks?x=1&y=%20#f"), QByteArrayView("x=1&y=%20"));
    QVERIFY(form::queryOf("/hooks").isEmpty());
    QCOMPARE(form::percentDecode("%41+%2B%"), QByteArray("A +%"));
    FormField expected { QStringLiteral("a b"), QStringLiteral("c"), "a+b", "c", true };
    QCOMPARE(form::decodeQuery("a+b=c").at(0), expected);
}

void TstPayloadDecoders::splitsMultipartBodies()
{
    const QByteArray body = QByteArrayLiteral(
        "preamble\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n"
        "\r\n"
        "Hello\r\nWorld\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\x00\x01--XyZ\xff\r\n"
        "--XyZ\r\n"
        "Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20rates.txt; filename=\"EUR.txt\"\r\n"
        "\r\n"
        "\r\n"
        "--XyZ--\r\n"
        "epilogue");
    const MultipartContent content = multipart::parse(body, "XyZ");
    QVERIFY2(content.error.isEmpty(), qPrintable(content.error));
    QCOMPARE(content.parts.size(), 3);
    QCOMPARE(content.parts[0].name, QStringLiteral("title"));
    QCOMPARE(content.parts[0].body, QByteArray("Hello\r\nWorld"));
    QCOMPARE(content.parts[0].headers.size(), 1);
    QCOMPARE(content.parts[0].headers[0].name, QByteArray("Content-Disposition"));
    QCOMPARE(content.parts[1].filename, QStringLiteral("a.bin"));
    QCOMPARE(content.parts[1].contentType, QByteArray("application/octet-stream"));
    QCOMPARE(content.parts[2].filename, QStringLiteral("€ rates.txt"));
    QCOMPARE(content.parts[2].body, QByteArray());
    QCOMPARE(content.parts[1].body, QByteArray("\x00\x01--XyZ\xff", 8));
    QCOMPARE(body.mid(content.parts[0].offset, 5), QByteArray("Hello"));
}

void TstPayloadDecoders::reportsIncompleteMultipart()
{
    const QByteArray lf = "--b\nContent-Disposition: form-data; name=\"a\"\n\none\n--b\n\ntwo\n--b--\n";
    const MultipartContent bare = multipart::parse(lf, "b");
    QCOMPARE(bare.parts.size(), 2);
    QCOMPARE(bare.parts[0].body, QByteArray("one"));
    QCOMPARE(bare.parts[1].body, QByteArray("two"));
    QVERIFY(bare.parts[1].headers.isEmpty());
    QVERIFY(bare.error.isEmpty());

    const MultipartContent cut = multipart::parse("--b\r\nContent-Type: text/plain\r\n\r\npartial da", "b");
    QCOMPARE(cut.parts.size(), 1);
    QCOMPARE(cut.parts[0].body, QByteArray("partial da"));
    QCOMPARE(cut.error, QStringLiteral("The body ends before the closing boundary"));

    QCOMPARE(multipart::parse("hello", "b").error, QStringLiteral("The boundary \"b\" does not occur in the body"));
    QCOMPARE(multipart::parse("hello", "").error, QStringLiteral("The Content-Type names no boundary"));
}

void TstPayloadDecoders::prettyPrintsXml()
{
    const FormattedXml out
        = formatXml("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><order id=\"7\"><!-- c --><item>caf\xe9</item>"
                    "<empty/><![CDATA[a<b]]></order>");
    QVERIFY2(!out.failed, qPrintable(out.describe()));
    QCOMPARE(QString::fromUtf8(out.text),
        QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<order id=\"7\">\n"
                       "  <!-- c -->\n"
                       "  <item>café</item>\n"
                       "  <empty/><![CDATA[a<b]]></order>\n"));
}

void TstPayloadDecoders::reportsXmlErrors()
{
    const FormattedXml out = formatXml("<a>\n  <b>text</c>\n</a>");
    QVERIFY(out.failed);
    QCOMPARE(out.line, 2);
    QCOMPARE(out.column, 13);
    QCOMPARE(out.message, QStringLiteral("Opening and ending tag mismatch."));
    QCOMPARE(out.describe(), QStringLiteral("Opening and ending tag mismatch. at line 2, column 13"));
}

void TstPayloadDecoders::decodesDeclaredCharsets()
{
    DecodedText text = decodeText("caf\xe9 \x80 \x93ok\x94", "windows-1252");
    QCOMPARE(text.text, QStringLiteral("café € “ok”"));
    QCOMPARE(text.charset, QByteArray("windows-1252"));
    QVERIFY(!text.hadErrors);
    QVERIFY(text.note.isEmpty());

    text = decodeText("\x93\xfa\x96\x7b\x8c\xea", "Shift_JIS");
    QCOMPARE(text.text, QStringLiteral("日本語"));

    text = decodeText("\xe9t\xe9", "ISO-8859-1");
    QCOMPARE(text.text, QStringLiteral("été"));

    text = decodeText(QByteArrayView("\xff\xfeh\0i\0", 6), {});
    QCOMPARE(text.text, QStringLiteral("hi"));
    QCOMPARE(text.charset, QByteArray("utf-16le"));

    text = decodeText("caf\xc3\xa9", {});
    QCOMPARE(text.text, QStringLiteral("café"));
    QCOMPARE(text.charset, QByteArray("utf-8"));
}

void TstPayloadDecoders::fallsBackForUnknownCharsets()
{
    DecodedText text = decodeText("caf\xc3\xa9", "x-klingon");
    QCOMPARE(text.text, QStringLiteral("café"));
    QCOMPARE(text.charset, QByteArray("utf-8"));
    QCOMPARE(text.note, QStringLiteral("Unknown charset \"x-klingon\"; shown as UTF-8"));

    text = decodeText("caf\xe9", {});
    QVERIFY(text.hadErrors);
    QCOMPARE(text.text, QStringLiteral("caf\ufffd"));
}

void TstPayloadDecoders::dumpsHex()
{
    const QByteArray bytes = QByteArray("Hello, world\n\0\xff\x7f", 16) + "AB";
    QCOMPARE(hexdump::lineCount(bytes.size()), 2);
    QCOMPARE(hexdump::line(bytes, 0),
        QStringLiteral("00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 00 ff 7f  |Hello, world....|"));
    QCOMPARE(
        hexdump::line(bytes, 1), QStringLiteral("00000010  41 42                                             |AB|"));
    QCOMPARE(hexdump::format(bytes, 1), hexdump::line(bytes, 0) + u'\n');
    QCOMPARE(hexdump::format(bytes).count(u'\n'), 2);
    QCOMPARE(hexdump::lineCount(0), 0);
}

QTEST_GUILESS_MAIN(TstPayloadDecoders)
#include "tst_payloaddecoders.moc"
