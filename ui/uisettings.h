// SPDX-License-Identifier: MIT
#pragma once

#include <QSettings>

namespace hookscope {

// What the window remembers between runs, in the profile folder (hookscope.ini), so --profile keeps
// test runs and portable installs apart. One table of keys; never a secret.
class UiSettings final {
public:
    explicit UiSettings(const QString& profileDirectory);

    enum class Key { WindowGeometry, WindowState, MainSplitter, ListState, BodyView, FollowNewest };

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value);

private:
    static const char* name(Key key);
    static QVariant defaultValue(Key key);

    QSettings m_settings;
};

} // namespace hookscope
