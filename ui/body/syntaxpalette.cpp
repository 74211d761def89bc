// SPDX-License-Identifier: MIT
#include "ui/body/syntaxpalette.h"

namespace hookscope {

namespace {

    QColor mix(const QColor& a, const QColor& b, double amountOfB)
    {
        const double keep = 1.0 - amountOfB;
        return QColor::fromRgbF(static_cast<float>(a.redF() * keep + b.redF() * amountOfB),
            static_cast<float>(a.greenF() * keep + b.greenF() * amountOfB),
            static_cast<float>(a.blueF() * keep + b.blueF() * amountOfB));
    }

} // namespace

SyntaxPalette SyntaxPalette::from(const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = base.lightnessF() < 0.5;
    const auto tone = [dark](int hue) { return QColor::fromHsl(hue, dark ? 170 : 200, dark ? 175 : 85); };
    SyntaxPalette colours;
    colours.plain = text;
    colours.key = tone(215);
    colours.string = tone(125);
    colours.number = tone(25);
    colours.keyword = tone(290);
    colours.punctuation = mix(text, base, 0.35);
    colours.tag = tone(215);
    colours.attribute = tone(25);
    colours.comment = mix(text, base, 0.5);
    colours.muted = mix(text, base, 0.4);
    const QColor red = QColor::fromHsl(0, 200, dark ? 140 : 120);
    colours.problemBackground = mix(base, red, 0.18);
    colours.problemSpot = mix(base, red, 0.55);
    colours.selection = mix(base, palette.color(QPalette::Highlight), 0.4);
    return colours;
}

QColor SyntaxPalette::color(SyntaxRole role) const
{
    switch (role) {
    case SyntaxRole::Plain: return plain;
    case SyntaxRole::Key: return key;
    case SyntaxRole::String: return string;
    case SyntaxRole::Number: return number;
    case SyntaxRole::Keyword: return keyword;
    case SyntaxRole::Punctuation: return punctuation;
    case SyntaxRole::Tag: return tag;
    case SyntaxRole::Attribute: return attribute;
    case SyntaxRole::Comment: return comment;
    case SyntaxRole::Muted: return muted;
    }
    return plain;
}

} // namespace hookscope
