// SPDX-License-Identifier: MIT
// The Endpoints manager with no keychain reachable (the session bus points nowhere): a banner says so and
// what to do, secrets can be held for the session only, and nothing of them reaches the disk.
#include "core/endpoints/endpointstore.h"
#include "core/secrets/endpointsecrets.h"
#include "ui/endpoints/endpointsdialog.h"

#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TstSessionOnlySecrets final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bannerOffersSessionOnlySecrets();
};

void TstSessionOnlySecrets::bannerOffersSessionOnlySecrets()
{
    QTemporaryDir profile;
    hookscope::EndpointStore store;
    QString error;
    QVERIFY2(store.open(hookscope::EndpointStore::defaultPath(profile.path()), &error), qPrintable(error));
    hookscope::EndpointSecrets secrets(store.profileId());
    hookscope::EndpointsDialog dialog(&store, &secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QVERIFY(dialog.bannerShown());
    QLabel* banner = nullptr;
    for (QLabel* label : dialog.findChildren<QLabel*>()) {
        if (label->accessibleName() == u"Keychain status"_s)
            banner = label;
    }
    QVERIFY(banner);
    QVERIFY2(banner->text().contains(u"no keychain is reachable"_s), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(u"gnome-keyring"_s));

    // Saving a secret without the keychain fails visibly; the settings are kept.
    dialog.addEndpoint();
    QLineEdit* secret = nullptr;
    for (QLineEdit* edit : dialog.findChildren<QLineEdit*>()) {
        if (edit->accessibleName() == u"Signing secret"_s)
            secret = edit;
    }
    QVERIFY(secret);
    QTest::keyClicks(secret, u"session-NNN"_s);
    QVERIFY(!dialog.saveCurrent());
    QVERIFY2(dialog.statusText().contains(u"a secret was not"_s), qPrintable(dialog.statusText()));

    dialog.useSessionOnlySecrets();
    QVERIFY(banner->text().startsWith(u"Session-only secrets"_s));
    QTest::keyClicks(secret, u"session-NNN"_s);
    QVERIFY2(dialog.saveCurrent(), qPrintable(dialog.statusText()));
    QCOMPARE(secrets.get(u"new-endpoint"_s, hookscope::SecretField::SigningSecret).data, QByteArray("session-NNN"));

    QDirIterator it(profile.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("session-NNN"), qPrintable(file.fileName()));
    }
}

QTEST_MAIN(TstSessionOnlySecrets)
#include "tst_sessiononlysecrets.moc"
