# md4c, the Markdown parser behind core/render/markdown_tree.cpp, as the target chatkit_md4c.
#
# Natively it is Debian's package (libmd4c-dev, plus libmd4c-html0-dev for the HTML5 entity table
# that core/render/html_entity_names_md4c.cpp looks names up in; scripts/setup.sh installs both).
#
# A wasm module cannot link a host .so, so the wasm build compiles md4c's C sources with emcc:
# those of the same Debian version, from Debian's source package (the upstream tarball Debian
# ships as md4c_<version>.orig.tar.gz). The archive is downloaded once into CHATKIT_SOURCE_CACHE,
# checked against the SHA-256 that Debian's signed .dsc lists for it, unpacked into the build
# directory and never committed. The parser is compiled as it is; the entity table is packed
# for size (md4c_entities.cmake), since the page downloads it.

set(CHATKIT_MD4C_VERSION 0.4.8)  # Debian 12 (bookworm)

if(NOT EMSCRIPTEN)
  find_path(CHATKIT_MD4C_INCLUDE_DIR md4c.h REQUIRED)
  find_library(CHATKIT_MD4C_LIBRARY md4c REQUIRED)
  find_library(CHATKIT_MD4C_HTML_LIBRARY md4c-html REQUIRED)
  add_library(chatkit_md4c INTERFACE)
  target_include_directories(chatkit_md4c SYSTEM INTERFACE ${CHATKIT_MD4C_INCLUDE_DIR})
  target_link_libraries(chatkit_md4c INTERFACE ${CHATKIT_MD4C_LIBRARY} ${CHATKIT_MD4C_HTML_LIBRARY})
  return()
endif()

set(CHATKIT_SOURCE_CACHE "$ENV{HOME}/.cache/chatkit-cpp/sources" CACHE PATH
    "Where third-party source archives for the wasm build are kept once downloaded")
set(_md4c_archive ${CHATKIT_SOURCE_CACHE}/md4c_${CHATKIT_MD4C_VERSION}.orig.tar.gz)
set(_md4c_url https://deb.debian.org/debian/pool/main/m/md4c/md4c_${CHATKIT_MD4C_VERSION}.orig.tar.gz)
# From md4c_0.4.8-1.dsc, Checksums-Sha256.
set(_md4c_sha256 4a457df853425b6bb6e3457aa1d1a13bccec587a04c38c622b1013a0da41439f)

if(EXISTS ${_md4c_archive})
  file(SHA256 ${_md4c_archive} _md4c_actual)
  if(NOT _md4c_actual STREQUAL _md4c_sha256)
    message(FATAL_ERROR "${_md4c_archive} has SHA-256 ${_md4c_actual}, expected ${_md4c_sha256}: delete it to download it again")
  endif()
else()
  message(STATUS "Downloading ${_md4c_url}")
  file(DOWNLOAD ${_md4c_url} ${_md4c_archive}.part EXPECTED_HASH SHA256=${_md4c_sha256} TLS_VERIFY ON STATUS _md4c_status)
  list(GET _md4c_status 0 _md4c_code)
  if(NOT _md4c_code EQUAL 0)
    file(REMOVE ${_md4c_archive}.part)
    message(FATAL_ERROR "Could not download ${_md4c_url}: ${_md4c_status}")
  endif()
  file(RENAME ${_md4c_archive}.part ${_md4c_archive})
endif()

set(_md4c_source ${CMAKE_BINARY_DIR}/_deps/md4c-release-${CHATKIT_MD4C_VERSION}/src)
if(NOT EXISTS ${_md4c_source}/md4c.c)
  file(ARCHIVE_EXTRACT INPUT ${_md4c_archive} DESTINATION ${CMAKE_BINARY_DIR}/_deps
       PATTERNS md4c-release-${CHATKIT_MD4C_VERSION}/src/*)
endif()

# md4c's entity table (from its HTML renderer, src/entity.c), packed into one string that
# core/render/html_entity_names_packed.cpp searches (cmake/md4c_entities.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/md4c_entities.cmake)
set(_md4c_generated ${CMAKE_BINARY_DIR}/_deps/md4c-generated)
chatkit_md4c_entity_table(${_md4c_source}/entity.c ${_md4c_generated}/md4c_entity_table.inc)
# The render tests check every entry of the source against the packed table.
set(CHATKIT_MD4C_ENTITY_C ${_md4c_source}/entity.c CACHE INTERNAL "md4c's entity table source")

enable_language(C)
find_program(CHATKIT_CCACHE ccache)
if(CHATKIT_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER ${CHATKIT_CCACHE})
endif()
add_library(chatkit_md4c STATIC ${_md4c_source}/md4c.c)
target_include_directories(chatkit_md4c SYSTEM PUBLIC ${_md4c_source} ${_md4c_generated})
# As md4c's own build does; and for size, since the page downloads it (wasm/CMakeLists.txt).
target_compile_definitions(chatkit_md4c PRIVATE MD4C_USE_UTF8)
target_compile_options(chatkit_md4c PRIVATE -Oz)
