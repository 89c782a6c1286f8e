# Emscripten toolchain for Debian 12's emscripten 3.1.6.
# Wraps the platform file Debian ships and fixes its known pitfalls (see docs/TOOLCHAIN-NOTES in
# ../shared/guide/TOOLCHAIN.md): acorn's NODE_PATH, the nlohmann include directory, the node test
# emulator, and C++ exceptions (off by default in em++).
include(/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake)

# em++ runs acorn-optimizer.js at link time; Debian installs acorn under /usr/share/nodejs.
set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)

# emcmake would pass '--experimental-wasm-threads', which node 20 rejects: run tests with plain node.
find_program(CHATKIT_NODE NAMES node nodejs REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${CHATKIT_NODE} CACHE FILEPATH "" FORCE)

# Exceptions are ignored by default (-fignore-exceptions): catch blocks would never run.
add_compile_options(-fexceptions)
add_link_options(-fexceptions)

# The platform file restricts package lookup to the sysroot; nlohmann's config lives in /usr/share/cmake,
# and its include directory is /usr/include, which would drag glibc headers into the wasm build.
# Expose only the nlohmann headers, through a directory that holds nothing but a link to them.
macro(chatkit_find_nlohmann_for_wasm)
  find_package(nlohmann_json 3.11 CONFIG REQUIRED NO_CMAKE_FIND_ROOT_PATH)
  get_target_property(_chatkit_nl_inc nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES)
  list(GET _chatkit_nl_inc 0 _chatkit_nl_inc)
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/host-headers)
  file(CREATE_LINK ${_chatkit_nl_inc}/nlohmann ${CMAKE_BINARY_DIR}/host-headers/nlohmann SYMBOLIC)
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
                        INTERFACE_INCLUDE_DIRECTORIES ${CMAKE_BINARY_DIR}/host-headers)
endmacro()

# ccache works with em++ as well.
find_program(CHATKIT_CCACHE ccache)
if(CHATKIT_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CHATKIT_CCACHE})
endif()
