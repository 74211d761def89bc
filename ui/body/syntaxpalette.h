// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>

namespace hookscope {

enum class SyntaxRole { Plain, Key, String, Number, Keyword, Punctuation, Tag, Attribute, Comment, Muted };

// Syntax colours derived from the widget's palette, so they stay readable on light and dark themes alike: hues
// are fixed, lightness follows the base colour (dark text tones on a light base, light tones on a dark one).
struct SyntaxPalette {
    QColor plain;
    QColor key;
    QColor string;
    QColor number;
    QColor keyword;
    QColor punctuation;
    QColor tag;
    QColor attribute;
    QColor comment;
    QColor muted;
    QColor problemBackground; // the row where a document breaks
    QColor problemSpot; // the character where it breaks
    QColor selection; // behind selected text, light enough to keep every syntax colour readable

    static SyntaxPalette from(const QPalette& palette);
    QColor color(SyntaxRole role) const;
};

} // namespace hookscope
