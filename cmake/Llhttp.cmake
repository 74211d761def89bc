# llhttp: a packaged CMake config where the platform ships one (vcpkg, Homebrew, Fedora),
# otherwise the C sources Debian ships in node-llhttp, compiled into a small static library.
find_package(llhttp QUIET CONFIG)
if(TARGET llhttp::llhttp_static)
    add_library(hookscope_llhttp ALIAS llhttp::llhttp_static)
elseif(TARGET llhttp::llhttp)
    add_library(hookscope_llhttp ALIAS llhttp::llhttp)
else()
    find_path(LLHTTP_INCLUDE_DIR llhttp.h
        PATHS /usr/share/include/llhttp /usr/include /usr/local/include
        PATH_SUFFIXES llhttp)
    find_file(LLHTTP_SOURCE llhttp.c PATHS /usr/share/llhttp /usr/local/share/llhttp NO_DEFAULT_PATH)
    if(NOT LLHTTP_INCLUDE_DIR OR NOT LLHTTP_SOURCE)
        message(FATAL_ERROR
            "llhttp was not found. Install it: Debian/Ubuntu 'apt-get install node-llhttp', "
            "Fedora 'dnf install llhttp-devel', macOS 'brew install llhttp', vcpkg 'vcpkg install llhttp'.")
    endif()
    get_filename_component(_llhttp_dir "${LLHTTP_SOURCE}" DIRECTORY)
    add_library(hookscope_llhttp STATIC
        "${_llhttp_dir}/llhttp.c" "${_llhttp_dir}/api.c" "${_llhttp_dir}/http.c")
    set_target_properties(hookscope_llhttp PROPERTIES
        C_STANDARD 99 POSITION_INDEPENDENT_CODE ON AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
    target_include_directories(hookscope_llhttp SYSTEM PUBLIC "${LLHTTP_INCLUDE_DIR}")
    target_compile_options(hookscope_llhttp PRIVATE $<$<C_COMPILER_ID:GNU,Clang>:-w -O2>)
    set(llhttp_FOUND TRUE)
    message(STATUS "llhttp: building Debian's sources from ${_llhttp_dir}")
endif()
