# CPack configuration for Hookscope: a Debian package (DEB) on Linux, a tarball elsewhere.
#
# include() this file from the top-level CMakeLists.txt AFTER every install() rule,
# because include(CPack) snapshots the install configuration:
#
#     include(packaging/cpack.cmake)
#
# Build the package:
#     cmake --preset release && cmake --build --preset release
#     cpack --config build/release/CPackConfig.cmake
# Relies on project(... VERSION ...) and include(GNUInstallDirs) at the top level.

set(_hookscope_pkg_dir "${CMAKE_CURRENT_LIST_DIR}")
set(_hookscope_doc_dir "${CMAKE_INSTALL_DATADIR}/doc/hookscope")

# --- Debian documentation: copyright and changelog.gz ------------------------------------
# Debian policy 12.5/12.7: /usr/share/doc/<package>/copyright, and for a native package
# (version without a Debian revision) the changelog as changelog.gz, compressed with
# gzip -9 and without a timestamp in the gzip header (-n) so the .deb is reproducible.
set(_hookscope_changelog_src "${_hookscope_pkg_dir}/debian/changelog")
set(_hookscope_changelog_gz "${PROJECT_BINARY_DIR}/packaging/changelog.gz")
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_hookscope_changelog_src}")
file(MAKE_DIRECTORY "${PROJECT_BINARY_DIR}/packaging")

find_program(HOOKSCOPE_GZIP_EXECUTABLE gzip)
mark_as_advanced(HOOKSCOPE_GZIP_EXECUTABLE)
if(HOOKSCOPE_GZIP_EXECUTABLE)
    execute_process(
        COMMAND "${HOOKSCOPE_GZIP_EXECUTABLE}" -n -9 -c "${_hookscope_changelog_src}"
        OUTPUT_FILE "${_hookscope_changelog_gz}"
        RESULT_VARIABLE _hookscope_gzip_result)
    if(NOT _hookscope_gzip_result EQUAL 0)
        message(FATAL_ERROR "gzip failed (${_hookscope_gzip_result}) compressing ${_hookscope_changelog_src}")
    endif()
else()
    # Fallback without gzip(1): CMake's libarchive. With libarchive 3.6 (Debian 12) the output
    # is byte-identical to gzip -n -9 (no file name, zero timestamp in the header).
    file(ARCHIVE_CREATE
        OUTPUT "${_hookscope_changelog_gz}"
        PATHS "${_hookscope_changelog_src}"
        FORMAT raw
        COMPRESSION GZip
        COMPRESSION_LEVEL 9)
endif()

install(FILES "${_hookscope_pkg_dir}/debian/copyright" "${_hookscope_changelog_gz}"
    DESTINATION "${_hookscope_doc_dir}")

# --- Generic package metadata -------------------------------------------------------------
set(CPACK_PACKAGE_NAME "hookscope")
set(CPACK_PACKAGE_VENDOR "Hookscope developers")
set(CPACK_PACKAGE_CONTACT "Hookscope developers <dev@hookscope.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "local webhook receiver and inspector")
# Extended description: keep lines below 80 columns (lintian extended-description-line-too-long).
set(CPACK_PACKAGE_DESCRIPTION
"Hookscope receives webhooks on your own machine and stores every incoming
HTTP request byte for byte in a local SQLite database: request line, headers
in their original order and spelling, and the raw body, exactly as they
arrived.

A Qt desktop application lists and inspects the captured requests and
verifies webhook signatures, keeping endpoint secrets in the system keychain.
The hookscope command-line tool gives scripts and terminals access to the
same data.")
set(CPACK_STRIP_FILES TRUE)
set(CPACK_VERBATIM_VARIABLES TRUE)
# Build artefacts stay in the build tree, even when cpack runs from the source directory.
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}")
# 0755 for every directory CPack creates, independent of the builder's umask.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE
    GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    set(CPACK_GENERATOR "DEB")
else()
    set(CPACK_GENERATOR "TGZ")
endif()

# --- Debian specifics ---------------------------------------------------------------------
# Files land under /usr: CPackDeb defaults CPACK_PACKAGING_INSTALL_PREFIX to /usr. It is not set
# here because a global value would also prefix every path in the source tarball.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)          # hookscope_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Hookscope developers <dev@hookscope.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Library dependencies (Qt, QtKeychain, libc, ...) are computed by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Run-time dependencies dpkg-shlibdeps cannot see, appended to the computed list:
#   libqt6sql6-sqlite  QSQLITE driver, loaded as a Qt plugin
#   qt6-qpa-plugins    xcb/wayland platform plugins, loaded at start-up
#   libsecret-1-0      Secret Service backend QtKeychain talks to on Linux
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins, libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# --- Source package (cpack --config CPackSourceConfig.cmake) ------------------------------
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_PACKAGE_FILE_NAME "hookscope-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES
    "/\\.git/"
    "/\\.cache/"
    "/build/"
    "/out/"
    "/cmake-build-[^/]*/"
    "/node_modules/"
    "/screenshots/out/"
    "/_CPack_Packages/"
    "\\.deb$"
    "\\.user$")

include(CPack)
