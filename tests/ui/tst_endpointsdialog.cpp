// SPDX-License-Identifier: MIT
// The Endpoints manager against a real Secret Service (a private GNOME Keyring started by
// keyring/with-keyring.sh) and a real receiver for "Test": what the user types ends up in the keychain and the
// settings file, secrets are masked until revealed, copies are marked and cleared, rename and delete leave
// nothing behind.
#include "core/endpoints/endpointstore.h"
#include "core/http/receiver.h"
#include "core/secrets/endpointsecrets.h"
#include "core/storage/capturestore.h"
#include "ui/endpoints/endpointeditor.h"
#include "ui/endpoints/endpointsdialog.h"
#include "ui/endpoints/secretclipboard.h"
#include "ui/endpoints/secretrow.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using hookscope::EndpointSecrets;
using hookscope::Keychain;
using hookscope::SecretField;

namespace {

QLineEdit* editNamed(QWidget* root, const QString& accessibleName)
{
    for (QLineEdit* edit : root->findChildren<QLineEdit*>()) {
        if (edit->accessibleName() == accessibleName)
            return edit;
    }
    return nullptr;
}

QToolButton* buttonNamed(QWidget* root, const QString& accessibleName)
{
    for (QToolButton* button : root->findChildren<QToolButton*>()) {
        if (button->accessibleName() == accessibleName)
            return button;
    }
    return nullptr;
}

void type(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

bool anyFileContains(const QString& dir, const QByteArray& needle)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TstEndpointsDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void addEditAndSaveWithSecrets();
    void secretIsMaskedUntilRevealed();
    void copiedSecretIsMarkedAndCleared();
    void rotateMakesCurrentPrevious();
    void renameMovesSecrets();
    void deleteAsksAndRemovesEverything();
    void duplicateCopiesSettingsNotSecrets();
    void invalidInputIsNotSaved();
    void testSendsAHarmlessRequest();

private:
    void addNamed(const QString& name);

    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<hookscope::EndpointStore> m_store;
    std::unique_ptr<EndpointSecrets> m_secrets;
    std::unique_ptr<hookscope::EndpointsDialog> m_dialog;
    bool m_answer = true;
    QStringList m_questions;
};

void TstEndpointsDialog::init()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through keyring/with-keyring.sh");
    m_profile = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<hookscope::EndpointStore>();
    QString error;
    QVERIFY2(m_store->open(hookscope::EndpointStore::defaultPath(m_profile->path()), &error), qPrintable(error));
    m_secrets = std::make_unique<EndpointSecrets>(m_store->profileId());
    m_dialog = std::make_unique<hookscope::EndpointsDialog>(m_store.get(), m_secrets.get());
    m_answer = true;
    m_questions.clear();
    m_dialog->setConfirm([this](const QString& question) {
        m_questions << question;
        return m_answer;
    });
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    QVERIFY(!m_dialog->bannerShown()); // the keyring answers
}

void TstEndpointsDialog::cleanup()
{
    m_dialog.reset();
    m_secrets.reset();
    m_store.reset();
}

void TstEndpointsDialog::addNamed(const QString& name)
{
    m_dialog->addEndpoint();
    type(editNamed(m_dialog.get(), u"Endpoint name"_s), name);
    QVERIFY2(m_dialog->saveCurrent(), qPrintable(m_dialog->statusText()));
}

void TstEndpointsDialog::addEditAndSaveWithSecrets()
{
    m_dialog->addEndpoint();
    QCOMPARE(m_dialog->list()->count(), 1);
    QCOMPARE(m_dialog->list()->currentItem()->text(), u"new-endpoint"_s);
    type(editNamed(m_dialog.get(), u"Endpoint name"_s), u"github"_s);
    type(editNamed(m_dialog.get(), u"Target URL"_s), u"https://ci.example.com/hooks"_s);
    type(editNamed(m_dialog.get(), u"Receive path prefix"_s), u"/github"_s);
    auto* scheme = m_dialog->findChild<QComboBox*>();
    for (QComboBox* box : m_dialog->findChildren<QComboBox*>()) {
        if (box->accessibleName() == u"Signature scheme"_s)
            scheme = box;
    }
    scheme->setCurrentIndex(scheme->findText(u"github"_s));
    type(editNamed(m_dialog.get(), u"Signing secret"_s), u"gh-secret-HHH"_s);
    QVERIFY2(m_dialog->saveCurrent(), qPrintable(m_dialog->statusText()));
    QCOMPARE(m_dialog->statusText(), u"Saved github"_s);

    QString error;
    const auto stored = m_store->find(u"github"_s, &error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->url, u"https://ci.example.com/hooks"_s);
    QCOMPARE(stored->pathPrefix, u"/github"_s);
    QCOMPARE(stored->scheme, u"github"_s);
    QCOMPARE(m_secrets->get(u"github"_s, SecretField::SigningSecret).data, QByteArray("gh-secret-HHH"));
    QVERIFY(!anyFileContains(m_profile->path(), "gh-secret-HHH"));
    QVERIFY(!m_dialog->windowTitle().contains(u"gh-secret"_s));

    // A fresh dialog (the app restarted) shows what was saved, the secret loaded back from the keychain.
    hookscope::EndpointsDialog again(m_store.get(), m_secrets.get());
    QCOMPARE(again.list()->currentItem()->text(), u"github"_s);
    QCOMPARE(editNamed(&again, u"Signing secret"_s)->text(), u"gh-secret-HHH"_s);
    QCOMPARE(editNamed(&again, u"Target URL"_s)->text(), u"https://ci.example.com/hooks"_s);
}

void TstEndpointsDialog::secretIsMaskedUntilRevealed()
{
    addNamed(u"masked"_s);
    QLineEdit* secret = editNamed(m_dialog.get(), u"Signing secret"_s);
    type(secret, u"shh-III"_s);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QCOMPARE(secret->displayText().contains(u"shh"_s), false);
    buttonNamed(m_dialog.get(), u"Show Signing secret"_s)->click();
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    QCOMPARE(secret->displayText(), u"shh-III"_s);
    buttonNamed(m_dialog.get(), u"Show Signing secret"_s)->click();
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
}

void TstEndpointsDialog::copiedSecretIsMarkedAndCleared()
{
    addNamed(u"copy"_s);
    type(editNamed(m_dialog.get(), u"Signing secret"_s), u"copy-me-JJJ"_s);
    m_dialog->clipboard()->setClearAfterMs(300);
    QSignalSpy cleared(m_dialog->clipboard(), &hookscope::SecretClipboard::cleared);
    buttonNamed(m_dialog.get(), u"Copy Signing secret"_s)->click();
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), u"copy-me-JJJ"_s);
    QCOMPARE(mime->data(u"x-kde-passwordManagerHint"_s), QByteArray("secret"));
    QVERIFY(cleared.wait(3000));
    QCOMPARE(QGuiApplication::clipboard()->text(), QString());

    // Something the user copies afterwards is left alone.
    buttonNamed(m_dialog.get(), u"Copy Signing secret"_s)->click();
    QGuiApplication::clipboard()->setText(u"theirs"_s);
    QVERIFY(cleared.wait(3000));
    QCOMPARE(QGuiApplication::clipboard()->text(), u"theirs"_s);
    QCOMPARE(hookscope::SecretClipboard::kDefaultClearAfterMs, 30'000);
}

void TstEndpointsDialog::rotateMakesCurrentPrevious()
{
    addNamed(u"rot"_s);
    type(editNamed(m_dialog.get(), u"Signing secret"_s), u"whsec_b2xkLXNlY3JldA=="_s);
    QVERIFY(m_dialog->saveCurrent());
    m_dialog->editor()->rotate();
    QVERIFY(m_dialog->saveCurrent());
    QCOMPARE(m_secrets->get(u"rot"_s, SecretField::PreviousSigningSecret).data, QByteArray("whsec_b2xkLXNlY3JldA=="));
    const QByteArray current = m_secrets->get(u"rot"_s, SecretField::SigningSecret).data;
    QVERIFY(current.startsWith("whsec_")); // the same kind as before
    QCOMPARE(QByteArray::fromBase64(current.mid(6)).size(), 32);
}

void TstEndpointsDialog::renameMovesSecrets()
{
    addNamed(u"old-name"_s);
    type(editNamed(m_dialog.get(), u"Signing secret"_s), u"moving-KKK"_s);
    QVERIFY(m_dialog->saveCurrent());
    type(editNamed(m_dialog.get(), u"Endpoint name"_s), u"new-name"_s);
    QVERIFY(m_dialog->saveCurrent());
    QCOMPARE(m_dialog->list()->currentItem()->text(), u"new-name"_s);
    QCOMPARE(m_secrets->get(u"new-name"_s, SecretField::SigningSecret).data, QByteArray("moving-KKK"));
    QCOMPARE(m_secrets->get(u"old-name"_s, SecretField::SigningSecret).status, Keychain::Status::NotFound);
}

void TstEndpointsDialog::deleteAsksAndRemovesEverything()
{
    addNamed(u"doomed"_s);
    type(editNamed(m_dialog.get(), u"Signing secret"_s), u"bye-LLL"_s);
    QVERIFY(m_dialog->saveCurrent());

    m_answer = false;
    m_dialog->deleteCurrent();
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.first().contains(u"Delete endpoint doomed"_s));
    QCOMPARE(m_dialog->list()->count(), 1);
    QCOMPARE(m_secrets->get(u"doomed"_s, SecretField::SigningSecret).data, QByteArray("bye-LLL"));

    m_answer = true;
    m_dialog->deleteCurrent();
    QCOMPARE(m_dialog->list()->count(), 0);
    QString error;
    QVERIFY(!m_store->find(u"doomed"_s, &error));
    QCOMPARE(m_secrets->get(u"doomed"_s, SecretField::SigningSecret).status, Keychain::Status::NotFound);
}

void TstEndpointsDialog::duplicateCopiesSettingsNotSecrets()
{
    addNamed(u"orig"_s);
    type(editNamed(m_dialog.get(), u"Target URL"_s), u"http://127.0.0.1:9/x"_s);
    type(editNamed(m_dialog.get(), u"Signing secret"_s), u"orig-MMM"_s);
    QVERIFY(m_dialog->saveCurrent());
    m_dialog->duplicateCurrent();
    QCOMPARE(m_dialog->list()->currentItem()->text(), u"orig-copy"_s);
    QCOMPARE(editNamed(m_dialog.get(), u"Target URL"_s)->text(), u"http://127.0.0.1:9/x"_s);
    QCOMPARE(editNamed(m_dialog.get(), u"Signing secret"_s)->text(), QString());
    QCOMPARE(m_secrets->get(u"orig-copy"_s, SecretField::SigningSecret).status, Keychain::Status::NotFound);
}

void TstEndpointsDialog::invalidInputIsNotSaved()
{
    addNamed(u"valid"_s);
    type(editNamed(m_dialog.get(), u"Target URL"_s), u"ftp://nope"_s);
    QVERIFY(!m_dialog->saveCurrent());
    QVERIFY2(m_dialog->statusText().contains(u"http:// or https://"_s), qPrintable(m_dialog->statusText()));
    QString error;
    QCOMPARE(m_store->find(u"valid"_s, &error)->url, QString());

    // Switching away from unsaved edits asks first; "no" stays on them.
    addNamed(u"second"_s);
    type(editNamed(m_dialog.get(), u"Target URL"_s), u"http://h/"_s);
    m_answer = false;
    m_dialog->list()->setCurrentRow(
        m_dialog->list()->row(m_dialog->list()->findItems(u"valid"_s, Qt::MatchExactly).first()));
    QCOMPARE(m_dialog->list()->currentItem()->text(), u"second"_s);
    QCOMPARE(editNamed(m_dialog.get(), u"Target URL"_s)->text(), u"http://h/"_s);
}

void TstEndpointsDialog::testSendsAHarmlessRequest()
{
    QTemporaryDir dir;
    hookscope::CaptureStore store;
    QVERIFY2(store.open(dir.filePath(u"c.sqlite"_s)), qPrintable(store.errorString()));
    hookscope::Receiver receiver(&store);
    QVERIFY(receiver.start({}));
    QSignalSpy captured(&receiver, &hookscope::Receiver::captured);

    addNamed(u"probe"_s);
    type(editNamed(m_dialog.get(), u"Target URL"_s), u"http://127.0.0.1:%1/probe-path"_s.arg(receiver.port()));
    QSignalSpy finished(m_dialog.get(), &hookscope::EndpointsDialog::probeFinished);
    m_dialog->testCurrent();
    QVERIFY(finished.wait(10'000));
    QVERIFY2(finished.first().first().toString().startsWith(u"HTTP 200 OK in "_s),
        qPrintable(finished.first().first().toString()));
    QVERIFY(m_dialog->statusText().startsWith(u"Test: HTTP 200"_s));
    QTRY_COMPARE(captured.size(), 1);
    const auto summary = captured.first().first().value<hookscope::CaptureSummary>();
    QCOMPARE(summary.method, QByteArray("HEAD"));
    QCOMPARE(summary.target, QByteArray("/probe-path"));

    // Nobody listening: the failure is shown, not a hang.
    const quint16 port = receiver.port();
    receiver.stop();
    m_dialog->testCurrent();
    QVERIFY(finished.wait(10'000));
    QVERIFY2(finished.last().first().toString().startsWith(u"failed after"_s),
        qPrintable(finished.last().first().toString()));
    QVERIFY(m_dialog->statusText().contains(u"refused"_s, Qt::CaseInsensitive) || port == 0);
}

QTEST_MAIN(TstEndpointsDialog)
#include "tst_endpointsdialog.moc"
