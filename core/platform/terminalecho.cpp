// SPDX-License-Identifier: MIT
#include "core/platform/terminalecho.h"

#include <QtGlobal> // defines Q_OS_WIN, so it comes before the test

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace hookscope::platform {

#ifdef Q_OS_WIN

bool TerminalEchoOff::stdinIsTerminal()
{
    DWORD mode = 0;
    return GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
}

TerminalEchoOff::TerminalEchoOff()
{
    const HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (GetConsoleMode(input, &mode) && SetConsoleMode(input, mode & ~DWORD(ENABLE_ECHO_INPUT))) {
        m_saved = mode;
        m_changed = true;
    }
}

TerminalEchoOff::~TerminalEchoOff()
{
    if (m_changed)
        SetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), DWORD(m_saved));
}

#else

bool TerminalEchoOff::stdinIsTerminal()
{
    return isatty(STDIN_FILENO) == 1;
}

TerminalEchoOff::TerminalEchoOff()
{
    termios settings {};
    if (isatty(STDIN_FILENO) != 1 || tcgetattr(STDIN_FILENO, &settings) != 0)
        return;
    m_saved = settings.c_lflag;
    settings.c_lflag &= ~tcflag_t(ECHO);
    m_changed = tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings) == 0;
}

TerminalEchoOff::~TerminalEchoOff()
{
    termios settings {};
    if (!m_changed || tcgetattr(STDIN_FILENO, &settings) != 0)
        return;
    settings.c_lflag = tcflag_t(m_saved);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings);
}

#endif

} // namespace hookscope::platform
