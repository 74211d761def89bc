// SPDX-License-Identifier: MIT
#pragma once

namespace hookscope::platform {

// Turns off echo on the standard input terminal while it lives, so a typed secret never shows on screen.
// Does nothing when standard input is not a terminal (a pipe or a file).
class TerminalEchoOff final {
public:
    TerminalEchoOff();
    ~TerminalEchoOff();
    TerminalEchoOff(const TerminalEchoOff&) = delete;
    TerminalEchoOff& operator=(const TerminalEchoOff&) = delete;

    static bool stdinIsTerminal();

private:
    bool m_changed = false;
    unsigned long m_saved = 0; // the terminal's previous mode flags
};

} // namespace hookscope::platform
