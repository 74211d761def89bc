// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace hookscope {

class SecretClipboard;

// One secret of an endpoint in the editor: masked, with reveal, copy (marked secret, cleared later),
// generate and clear. Holds the value only while the editor shows the endpoint.
class SecretRow final : public QWidget {
    Q_OBJECT

public:
    SecretRow(const QString& label, bool canGenerate, SecretClipboard* clipboard, QWidget* parent = nullptr);

    void load(const QByteArray& secret); // what the keychain holds; not an edit
    QByteArray value() const;
    bool isEdited() const { return m_edited; }
    void setValue(const QByteArray& secret); // an edit (typed, generated, rotated)
    void setUnknown(const QString& why); // the keychain could not be read
    void forget(); // drops the value from memory

Q_SIGNALS:
    void edited();

private:
    void updatePlaceholder();

    QLineEdit* m_edit;
    QToolButton* m_reveal;
    QToolButton* m_copy;
    SecretClipboard* m_clipboard;
    bool m_edited = false;
};

} // namespace hookscope
