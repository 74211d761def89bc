// SPDX-License-Identifier: MIT
#pragma once

#include "core/endpoints/endpointstore.h"
#include "core/secrets/endpointsecrets.h"

#include <QJsonObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace hookscope::cli {

// The two places an endpoint lives: its settings file and the keychain. Opened per command.
struct EndpointContext {
    EndpointStore store;
    std::unique_ptr<EndpointSecrets> secrets;
};

// Opens the profile's endpoint settings (creating the file if needed); nullptr with `error` set on failure.
std::unique_ptr<EndpointContext> openEndpoints(const QString& profileDirectory, QString* error);

// "hookscope endpoint add NAME --url …" arrives as {"hookscope endpoint", "add", "NAME", "--url", …}: finds the
// action word (skipping the values of `valuedOptions`), removes it and names argv[0] after it. Empty when
// there is no action word.
QString takeAction(QStringList& arguments, const QStringList& valuedOptions);

// For `show` and `list`: what the keychain holds for an endpoint, without the secrets themselves.
struct SecretPresence {
    bool known = false; // false when the keychain could not be asked
    QString problem; // why not
    bool signing = false;
    bool previous = false;
    bool auth = false;
};
SecretPresence secretPresence(const EndpointSecrets& secrets, const QString& endpoint);

QJsonObject endpointJson(const Endpoint& endpoint, const SecretPresence& presence);
QString endpointText(const Endpoint& endpoint, const SecretPresence& presence);

} // namespace hookscope::cli
