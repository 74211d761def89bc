# One place for the compile policy every Hookscope target links.
add_library(hookscope_policy INTERFACE)
add_library(Hookscope::Policy ALIAS hookscope_policy)

target_compile_features(hookscope_policy INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_definitions(hookscope_policy INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    HOOKSCOPE_VERSION="${PROJECT_VERSION}")

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(hookscope_policy INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
        -Wformat=2 -Wimplicit-fallthrough)
elseif(MSVC)
    target_compile_options(hookscope_policy INTERFACE /W4 /permissive- /utf-8)
endif()

# Includes are rooted at the repository: #include "core/http/receiver.h".
target_include_directories(hookscope_policy INTERFACE "${PROJECT_SOURCE_DIR}")
