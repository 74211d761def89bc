// SPDX-License-Identifier: MIT
// The Body tab, offscreen: each kind of body lands in its view, with the text, rows and colours a user sees.
#include "core/payload/hexdump.h"
#include "ui/body/bodyview.h"
#include "ui/body/formfieldsmodel.h"
#include "ui/body/jsontreemodel.h"
#include "ui/body/jsontreepane.h"
#include "ui/body/multipartpartsmodel.h"
#include "ui/body/multipartview.h"
#include "ui/body/textrowsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <zlib.h>

using namespace hookscope;

class TstBodyView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsPrettyJsonWithKeysAndStringsInDifferentColours();
    void showsAJsonTreeWithPathsToCopy();
    void pagesTheChildrenOfHugeNodes();
    void showsAFormAsATable();
    void showsMultipartParts();
    void showsPrettyXml();
    void showsTextInItsDeclaredCharset_data();
    void showsTextInItsDeclaredCharset();
    void showsBinaryAsHex();
    void decodesGzipAndDeflateWithRawOneClickAway_data();
    void decodesGzipAndDeflateWithRawOneClickAway();
    void showsWhereInvalidJsonBreaks();
    void keepsTheUsersChoiceWhereItFits();
    void savesTheShownBody();
    void saysWhenThereIsNoBody();
    void neverFormatsOnTheUiThread();
    void splitsHugeLinesIntoRows();
    void everyControlHasAnAccessibleName();

private:
    void showBody(const QByteArray& body, const HeaderList& headers);
    QString shownText() const { return m_view->textView()->rows()->wholeText(); }

    BodyView* m_view = nullptr;
};

namespace {

HeaderList contentType(const char* type)
{
    return { { "Content-Type", type } };
}

QByteArray compress(const QByteArray& data, int windowBits)
{
    z_stream stream {};
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
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

// The most saturated pixel in `area`: the core of a glyph's stroke, whatever the anti-aliasing did at its edges.
QColor inkIn(const QImage& image, const QRect& area)
{
    QColor best;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (!best.isValid() || pixel.hsvSaturation() > best.hsvSaturation())
                best = pixel;
        }
    }
    return best;
}

} // namespace

void TstBodyView::init()
{
    m_view = new BodyView;
    m_view->resize(900, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    m_view->activateWindow(); // shortcuts only fire in the active window
    QVERIFY(QTest::qWaitForWindowActive(m_view));
}

void TstBodyView::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

void TstBodyView::showBody(const QByteArray& body, const HeaderList& headers)
{
    QSignalSpy rendered(m_view, &BodyView::rendered);
    m_view->setBody(body, headers);
    if (rendered.isEmpty())
        QVERIFY(rendered.wait(20000));
    QVERIFY(!m_view->isBusy());
}

void TstBodyView::showsPrettyJsonWithKeysAndStringsInDifferentColours()
{
    showBody(R"({"event":"invoice.paid","amount":1.10,"ok":true})", contentType("application/json"));
    QCOMPARE(m_view->currentView(), QStringLiteral("json"));
    QCOMPARE(m_view->viewSwitch()->currentText(), QStringLiteral("Auto (Pretty JSON)"));
    QCOMPARE(shownText(), QStringLiteral("{\n  \"event\": \"invoice.paid\",\n  \"amount\": 1.10,\n  \"ok\": true\n}"));
    QVERIFY(m_view->textView()->isVisible());
    QVERIFY(m_view->problemText().isEmpty());
    QCOMPARE(m_view->statusText(), QStringLiteral("JSON · 48 bytes"));

    // Row 1 is `  "event": "invoice.paid",`: the key spans columns 2-8, the string 11-24.
    TextRowsView* text = m_view->textView();
    const QImage image = text->viewport()->grab().toImage();
    const int height = text->fontMetrics().height();
    const QPoint keyAt = text->cellOrigin(1, 3);
    const QPoint valueAt = text->cellOrigin(1, 12);
    const QColor key = inkIn(image, QRect(keyAt, QSize(text->cellOrigin(1, 8).x() - keyAt.x(), height)));
    const QColor value = inkIn(image, QRect(valueAt, QSize(text->cellOrigin(1, 24).x() - valueAt.x(), height)));
    QVERIFY2(key.hsvSaturation() > 60 && value.hsvSaturation() > 60, qPrintable(key.name() + u' ' + value.name()));
    QVERIFY2(qAbs(key.hsvHue() - value.hsvHue()) > 40, qPrintable(key.name() + u' ' + value.name()));
    const SyntaxPalette colours = SyntaxPalette::from(text->palette());
    QVERIFY2(qAbs(key.hsvHue() - colours.key.hsvHue()) < 20, qPrintable(key.name() + u' ' + colours.key.name()));
    QVERIFY2(
        qAbs(value.hsvHue() - colours.string.hsvHue()) < 20, qPrintable(value.name() + u' ' + colours.string.name()));

    // On a dark palette the colours turn light rather than vanish.
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(220, 220, 220));
    const SyntaxPalette onDark = SyntaxPalette::from(dark);
    QVERIFY(onDark.key.lightness() > 128);
    QVERIFY(onDark.string.lightness() > 128);
    QVERIFY(colours.key.lightness() < 128);
}

void TstBodyView::showsAJsonTreeWithPathsToCopy()
{
    m_view->setPreferredView(QStringLiteral("tree"));
    showBody(R"({"data":{"items":[{"id":1},{"id":2},{"id":3},{"id":"last","odd key":null}]},"n":5})",
        contentType("application/json"));
    QCOMPARE(m_view->currentView(), QStringLiteral("tree"));
    QCOMPARE(m_view->viewSwitch()->currentText(), QStringLiteral("JSON tree"));
    JsonTreePane* tree = m_view->treeView();
    QVERIFY(tree->isVisible());
    JsonTreeModel* model = tree->jsonModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(model->rowCount(), 1);
    const QModelIndex root = model->index(0, 0);
    QCOMPARE(root.data().toString(), QStringLiteral("$"));
    QVERIFY(tree->isExpanded(root));
    QCOMPARE(model->rowCount(root), 2);
    QCOMPARE(model->index(0, JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("{2 keys}"));
    const QModelIndex data = model->index(0, 0, root);
    QCOMPARE(data.data().toString(), QStringLiteral("data"));
    const QModelIndex items = model->index(0, 0, data);
    QCOMPARE(items.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("[4 items]"));
    QCOMPARE(items.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(), QStringLiteral("array"));
    const QModelIndex fourth = model->index(3, 0, items);
    QCOMPARE(fourth.data().toString(), QStringLiteral("[3]"));
    const QModelIndex id = model->index(0, 0, fourth);
    QCOMPARE(id.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("\"last\""));
    QCOMPARE(model->path(id), QStringLiteral("$.data.items[3].id"));
    QCOMPARE(model->path(model->index(1, 0, fourth)), QStringLiteral("$.data.items[3][\"odd key\"]"));

    tree->expand(items);
    tree->expand(fourth);
    tree->setCurrentIndex(id);
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("$.data.items[3].id"));
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("last"));
    tree->setCurrentIndex(fourth);
    tree->copyValue();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral(R"({"id":"last","odd key":null})"));
    QVERIFY(tree->visualRect(id).isValid()); // on screen, under its expanded parents
}

void TstBodyView::pagesTheChildrenOfHugeNodes()
{
    constexpr int total = 40000;
    QByteArray flat = "{\"ids\":[";
    for (int i = 0; i < total; ++i)
        flat.append(QByteArray::number(i)).append(',');
    flat.back() = ']';
    flat.append('}');
    m_view->setPreferredView(QStringLiteral("tree"));
    showBody(flat, contentType("application/json"));
    JsonTreePane* tree = m_view->treeView();
    JsonTreeModel* model = tree->jsonModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex ids = model->index(0, 0, model->index(0, 0));
    QCOMPARE(ids.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("[40000 items]"));
    tree->expand(ids);
    // QTreeView asks for a page or two when it lays the node out, not for all of them.
    const int shown = model->rowCount(ids);
    QVERIFY2(shown >= JsonTreeModel::pageSize && shown < total, qPrintable(QString::number(shown)));
    QCOMPARE(shown % JsonTreeModel::pageSize, 0);
    QVERIFY(model->canFetchMore(ids));
    tree->scrollToBottom(); // reaching the end fetches the next page
    QTRY_VERIFY(model->rowCount(ids) > shown);
    while (model->canFetchMore(ids))
        model->fetchMore(ids);
    QCOMPARE(model->rowCount(ids), total);
    QCOMPARE(model->index(total - 1, JsonTreeModel::ValueColumn, ids).data().toString(), QStringLiteral("39999"));
    QCOMPARE(model->path(model->index(total - 1, 0, ids)), QStringLiteral("$.ids[39999]"));
}

void TstBodyView::showsAFormAsATable()
{
    showBody(
        "name=Ada+Lovelace&tag=a&tag=b&note=100%25+sure&bad=%zz", contentType("application/x-www-form-urlencoded"));
    QCOMPARE(m_view->currentView(), QStringLiteral("form"));
    QTableView* table = m_view->formTable();
    QVERIFY(table->isVisible());
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table->model()->rowCount(), 5);
    const auto cell = [table](int row, int column) { return table->model()->index(row, column).data().toString(); };
    QCOMPARE(cell(0, 0), QStringLiteral("name"));
    QCOMPARE(cell(0, 1), QStringLiteral("Ada Lovelace"));
    QCOMPARE(cell(1, 0), QStringLiteral("tag"));
    QCOMPARE(cell(2, 0), QStringLiteral("tag"));
    QCOMPARE(cell(2, 1), QStringLiteral("b"));
    QCOMPARE(cell(3, 1), QStringLiteral("100% sure"));
    QCOMPARE(cell(4, 1), QStringLiteral("%zz"));
    QCOMPARE(table->model()->index(3, 1).data(FormFieldsModel::RawRole).toByteArray(), QByteArray("100%25+sure"));
}

void TstBodyView::showsMultipartParts()
{
    const QByteArray body
        = QByteArrayLiteral("--b0und\r\n"
                            "Content-Disposition: form-data; name=\"comment\"\r\n"
                            "\r\n"
                            "Looks good\r\n"
                            "--b0und\r\n"
                            "Content-Disposition: form-data; name=\"upload\"; filename=\"logo.png\"\r\n"
                            "Content-Type: image/png\r\n"
                            "\r\n"
                            "\x89PNG\r\n\x1a\n\x00\x00\r\n"
                            "--b0und--\r\n");
    showBody(body, contentType("multipart/form-data; boundary=b0und"));
    QCOMPARE(m_view->currentView(), QStringLiteral("multipart"));
    MultipartView* parts = m_view->multipartView();
    QVERIFY(parts->isVisible());
    QAbstractItemModelTester tester(parts->partsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(parts->partsModel()->rowCount(), 2);
    QCOMPARE(parts->partsModel()->index(1, MultipartPartsModel::FilenameColumn).data().toString(),
        QStringLiteral("logo.png"));
    QCOMPARE(
        parts->partsModel()->index(1, MultipartPartsModel::TypeColumn).data().toString(), QStringLiteral("image/png"));
    QCOMPARE(
        parts->partsModel()->index(1, MultipartPartsModel::SizeColumn).data().toString(), QStringLiteral("10 bytes"));

    QCOMPARE(parts->selectedPart(), 0);
    QCOMPARE(parts->headersView()->toPlainText(), QStringLiteral("Content-Disposition: form-data; name=\"comment\""));
    QCOMPARE(parts->partDisplay(), MultipartView::PartDisplay::Text);
    QCOMPARE(parts->partBodyView()->rows()->wholeText(), QStringLiteral("Looks good"));

    parts->selectPart(1);
    QCOMPARE(parts->partDisplay(), MultipartView::PartDisplay::Hex);
    QCOMPARE(parts->partBodyView()->rows()->rowText(0),
        QStringLiteral("00000000  89 50 4e 47 0d 0a 1a 0a  00 00                    |.PNG......|"));
    parts->setPartDisplay(MultipartView::PartDisplay::Text);
    QCOMPARE(parts->partBodyView()->syntax(), Syntax::Plain);

    QTemporaryDir dir;
    QString error;
    QVERIFY(parts->savePart(1, dir.filePath(QStringLiteral("logo.png")), &error));
    QFile saved(dir.filePath(QStringLiteral("logo.png")));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10));
}

void TstBodyView::showsPrettyXml()
{
    showBody("<?xml version=\"1.0\"?><notification><id>42</id><status kind=\"final\">ok</status></notification>",
        contentType("application/xml"));
    QCOMPARE(m_view->currentView(), QStringLiteral("xml"));
    QCOMPARE(shownText(),
        QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<notification>\n  <id>42</id>\n"
                       "  <status kind=\"final\">ok</status>\n</notification>"));
}

void TstBodyView::showsTextInItsDeclaredCharset_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QString>("text");
    QTest::addRow("windows-1252") << QByteArray("Caf\xe9 cr\xe8me \x80 5")
                                  << QByteArray("text/plain; charset=windows-1252") << QStringLiteral("Café crème € 5");
    QTest::addRow("Shift_JIS") << QByteArray("\x93\xfa\x96\x7b\x8c\xea\r\nOK")
                               << QByteArray("text/plain; charset=Shift_JIS") << QStringLiteral("日本語\nOK");
    QTest::addRow("unknown charset") << QByteArray("plain") << QByteArray("text/plain; charset=x-nope")
                                     << QStringLiteral("plain");
}

void TstBodyView::showsTextInItsDeclaredCharset()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, type);
    QFETCH(QString, text);
    showBody(body, { { "Content-Type", type } });
    QCOMPARE(m_view->currentView(), QStringLiteral("text"));
    QCOMPARE(shownText(), text);
    if (type.contains("x-nope"))
        QVERIFY2(m_view->statusText().contains(QStringLiteral("Unknown charset \"x-nope\"; shown as UTF-8")),
            qPrintable(m_view->statusText()));
}

void TstBodyView::showsBinaryAsHex()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    showBody(bytes, contentType("application/octet-stream"));
    QCOMPARE(m_view->currentView(), QStringLiteral("hex"));
    const TextRows* rows = m_view->textView()->rows();
    QCOMPARE(rows->rowCount(), 16);
    QCOMPARE(rows->rowText(4),
        QStringLiteral("00000040  40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  |@ABCDEFGHIJKLMNO|"));
    QCOMPARE(rows->rowText(15), hexdump::line(bytes, 15));
}

void TstBodyView::decodesGzipAndDeflateWithRawOneClickAway_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<int>("windowBits");
    QTest::addRow("gzip") << QByteArray("gzip") << 31;
    QTest::addRow("deflate") << QByteArray("deflate") << 15;
}

void TstBodyView::decodesGzipAndDeflateWithRawOneClickAway()
{
    QFETCH(QByteArray, encoding);
    QFETCH(int, windowBits);
    const QByteArray json = R"({"compressed":[1,2,3]})";
    const QByteArray body = compress(json, windowBits);
    showBody(body, { { "Content-Type", "application/json" }, { "Content-Encoding", encoding } });
    QCOMPARE(m_view->currentView(), QStringLiteral("json"));
    QCOMPARE(shownText(), QStringLiteral("{\n  \"compressed\": [\n    1,\n    2,\n    3\n  ]\n}"));
    QCOMPARE(m_view->shownBytes(), json);
    auto* raw = m_view->findChild<QToolButton*>();
    QVERIFY(raw);
    QCOMPARE(raw->accessibleName(), QStringLiteral("Show raw encoded bytes"));
    QVERIFY(raw->isVisible());
    QVERIFY2(m_view->statusText().contains(QString::fromLatin1(encoding) + QStringLiteral("-decoded")),
        qPrintable(m_view->statusText()));

    QSignalSpy rendered(m_view, &BodyView::rendered);
    raw->click();
    QVERIFY(rendered.wait(10000));
    QVERIFY(m_view->showsRawBytes());
    QCOMPARE(m_view->currentView(), QStringLiteral("hex"));
    QCOMPARE(m_view->shownBytes(), body);
    QCOMPARE(m_view->textView()->rows()->rowText(0), hexdump::line(body, 0));

    raw->click();
    QVERIFY(rendered.wait(10000));
    QCOMPARE(m_view->currentView(), QStringLiteral("json"));
}

void TstBodyView::showsWhereInvalidJsonBreaks()
{
    const QByteArray body = "{\n  \"id\": 1,\n  \"name\" \"x\"\n}";
    showBody(body, contentType("application/json"));
    QCOMPARE(m_view->currentView(), QStringLiteral("json"));
    QCOMPARE(m_view->problemText(),
        QStringLiteral("Invalid JSON: Expected ':' after the key, found '\"' at line 3, column 10 (byte 22)"));
    QCOMPARE(shownText(), QString::fromUtf8(body)); // the text is still there, as sent
    TextRowsView* text = m_view->textView();
    QVERIFY(text->problem().has_value());
    QCOMPARE(text->problem()->row, 2);
    QCOMPARE(text->problem()->column, 9);

    // The broken row is tinted; the row above is not.
    const QImage image = text->viewport()->grab().toImage();
    const SyntaxPalette colours = SyntaxPalette::from(text->palette());
    const int x = text->viewport()->width() - 5;
    QCOMPARE(image.pixel(x, text->cellOrigin(2, 0).y() + 2), colours.problemBackground.rgb());
    QCOMPARE(image.pixel(x, text->cellOrigin(1, 0).y() + 2), text->palette().color(QPalette::Base).rgb());
    const QPoint spot = text->cellOrigin(2, 9);
    QCOMPARE(image.pixel(spot.x() + 1, spot.y() + 1), colours.problemSpot.rgb());

    // The tree cannot show it either, and says why.
    QSignalSpy rendered(m_view, &BodyView::rendered);
    Q_EMIT m_view->viewSwitch()->activated(2);
    QVERIFY(rendered.wait(10000));
    QVERIFY(m_view->problemText().startsWith(QStringLiteral("Invalid JSON: Expected ':'")));
    QVERIFY(m_view->textView()->isVisible());
}

void TstBodyView::keepsTheUsersChoiceWhereItFits()
{
    QSignalSpy changed(m_view, &BodyView::preferredViewChanged);
    showBody(R"({"a":1})", contentType("application/json"));
    QCOMPARE(m_view->preferredView(), QStringLiteral("auto"));

    QSignalSpy rendered(m_view, &BodyView::rendered);
    Q_EMIT m_view->viewSwitch()->activated(int(bodyviews::all().indexOf(BodyViewKind::JsonTree)));
    QVERIFY(rendered.wait(10000));
    QCOMPARE(m_view->currentView(), QStringLiteral("tree"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("tree"));

    showBody(R"([1,2])", {}); // sniffed JSON: the tree fits
    QCOMPARE(m_view->currentView(), QStringLiteral("tree"));
    showBody("a=1", contentType("application/x-www-form-urlencoded")); // a tree does not fit a form
    QCOMPARE(m_view->currentView(), QStringLiteral("form"));
    QCOMPARE(m_view->viewSwitch()->currentText(), QStringLiteral("Auto (Form)"));
    QCOMPARE(m_view->preferredView(), QStringLiteral("tree"));

    // Hex is picked for this body even though it would not be the natural view; it fits everything after.
    Q_EMIT m_view->viewSwitch()->activated(int(bodyviews::all().indexOf(BodyViewKind::Hex)));
    QVERIFY(rendered.wait(10000));
    QCOMPARE(m_view->currentView(), QStringLiteral("hex"));
    showBody(R"({"b":2})", contentType("application/json"));
    QCOMPARE(m_view->currentView(), QStringLiteral("hex"));

    m_view->setPreferredView(QStringLiteral("auto"));
    QVERIFY(rendered.wait(10000));
    QCOMPARE(m_view->currentView(), QStringLiteral("json"));
    QCOMPARE(changed.size(), 3);
    m_view->setPreferredView(QStringLiteral("no such view"));
    QCOMPARE(m_view->preferredView(), QStringLiteral("auto"));
}

void TstBodyView::savesTheShownBody()
{
    const QByteArray json = R"({"saved":true})";
    showBody(compress(json, 31), { { "Content-Type", "application/json" }, { "Content-Encoding", "gzip" } });
    QTemporaryDir dir;
    QString error;
    QVERIFY2(m_view->saveShownBytes(dir.filePath(QStringLiteral("body.json")), &error), qPrintable(error));
    QFile saved(dir.filePath(QStringLiteral("body.json")));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), json);
}

void TstBodyView::saysWhenThereIsNoBody()
{
    showBody({}, contentType("application/json"));
    QCOMPARE(m_view->currentView(), QString());
    bool found = false;
    for (const QLabel* label : m_view->findChildren<QLabel*>()) {
        if (label->accessibleName() == QStringLiteral("Body message")) {
            QCOMPARE(label->text(), QStringLiteral("No body"));
            QVERIFY(label->isVisible());
            found = true;
        }
    }
    QVERIFY(found);
    m_view->clear();
    QCOMPARE(m_view->currentView(), QString());
}

void TstBodyView::neverFormatsOnTheUiThread()
{
    QByteArray big = "[";
    const QByteArray item = R"({"id":123456,"name":"a fairly ordinary name","tags":["x","y"],"price":12.50},)";
    while (big.size() < 20 * 1024 * 1024)
        big.append(item);
    big.chop(1);
    big.append(']');
    QElapsedTimer timer;
    timer.start();
    QSignalSpy rendered(m_view, &BodyView::rendered);
    m_view->setBody(big, contentType("application/json"));
    QVERIFY2(timer.elapsed() < 50, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(m_view->isBusy());
    QCOMPARE(m_view->statusText(), QStringLiteral("Formatting…"));
    QVERIFY(rendered.wait(60000));
    QCOMPARE(m_view->currentView(), QStringLiteral("json"));
    QCOMPARE(m_view->textView()->rows()->rowText(1), QStringLiteral("  {"));
    QCOMPARE(m_view->textView()->rows()->rowText(2), QStringLiteral("    \"id\": 123456,"));
    // Painting a screenful costs the same as for a small body.
    m_view->textView()->scrollToRow(m_view->textView()->rows()->rowCount() / 2);
    timer.restart();
    m_view->textView()->viewport()->repaint();
    QVERIFY2(timer.elapsed() < 100, qPrintable(QString::number(timer.elapsed())));
}

void TstBodyView::splitsHugeLinesIntoRows()
{
    const QByteArray line = QByteArray(10000, 'a') + "\xc3\xa9" + QByteArray(10, 'b') + "\nnext";
    const Utf8Rows rows(line);
    QCOMPARE(rows.rowCount(), 4);
    QCOMPARE(rows.rowText(0).size(), TextRows::maxRowLength);
    QCOMPARE(rows.lineNumber(2), 1);
    QVERIFY(rows.isContinuation(2));
    QCOMPARE(rows.lineNumber(3), 2);
    QCOMPARE(rows.rowText(3), QStringLiteral("next"));
    QCOMPARE(rows.wholeText(), QString::fromUtf8(line));
    const TextRows::Position at = rows.locate(1, 10001);
    QCOMPARE(at.row, 2);
    QCOMPARE(rows.rowText(at.row).at(at.column), QChar(0xe9));
    QCOMPARE(rows.positionOfByte(10000).row, 2);
    QCOMPARE(rows.positionOfByte(10000).column, 10000 - 2 * TextRows::maxRowLength);

    const Utf16Rows crlf(QStringLiteral("one\r\ntwo\r\n"));
    QCOMPARE(crlf.rowCount(), 2);
    QCOMPARE(crlf.rowText(0), QStringLiteral("one"));
}

void TstBodyView::everyControlHasAnAccessibleName()
{
    showBody(R"({"a":1})", contentType("application/json"));
    const QList<QWidget*> widgets = m_view->findChildren<QWidget*>();
    for (QWidget* widget : widgets) {
        const bool control = widget->focusPolicy() != Qt::NoFocus && !widget->inherits("QScrollBar")
            && widget->parentWidget() && !widget->parentWidget()->inherits("QAbstractScrollArea")
            && !widget->inherits("QHeaderView");
        if (control)
            QVERIFY2(!widget->accessibleName().isEmpty(), widget->metaObject()->className());
    }
}

QTEST_MAIN(TstBodyView)
#include "tst_bodyview.moc"
