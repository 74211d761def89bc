// SPDX-License-Identifier: MIT
#include "ui/uisettings.h"

#include <QDir>

namespace hookscope {

UiSettings::UiSettings(const QString& profileDirectory)
    : m_settings(QDir(profileDirectory).filePath(QStringLiteral("hookscope.ini")), QSettings::IniFormat)
{
}

const char* UiSettings::name(Key key)
{
    switch (key) {
    case Key::WindowGeometry: return "window/geometry";
    case Key::WindowState: return "window/state";
    case Key::MainSplitter: return "window/splitter";
    case Key::ListState: return "list/state";
    case Key::BodyView: return "body/view";
    case Key::FollowNewest: return "list/followNewest";
    }
    return "";
}

QVariant UiSettings::defaultValue(Key key)
{
    switch (key) {
    case Key::BodyView: return QStringLiteral("auto");
    case Key::FollowNewest: return true;
    default: return {};
    }
}

QVariant UiSettings::value(Key key) const
{
    return m_settings.value(QString::fromLatin1(name(key)), defaultValue(key));
}

void UiSettings::setValue(Key key, const QVariant& value)
{
    m_settings.setValue(QString::fromLatin1(name(key)), value);
}

} // namespace hookscope
