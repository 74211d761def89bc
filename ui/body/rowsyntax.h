// SPDX-License-Identifier: MIT
#pragma once

#include "ui/body/syntaxpalette.h"

#include <QList>
#include <QStringView>

namespace hookscope {

enum class Syntax { Plain, Json, Xml, HexDump };

struct SyntaxRun {
    qsizetype start = 0;
    qsizetype length = 0;
    SyntaxRole role = SyntaxRole::Plain;

    friend bool operator==(const SyntaxRun&, const SyntaxRun&) = default;
};

// Colours one display row on its own. Rows of pretty-printed JSON and XML hold whole tokens, so no state is
// carried between rows; in unformatted text a token cut by a row end is coloured as well as its row allows.
// Runs cover the row from start to end, in order.
QList<SyntaxRun> highlightRow(Syntax syntax, QStringView row);

} // namespace hookscope
