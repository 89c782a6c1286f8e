# Checks that core/ includes nothing outside core/ (cmake -P; CHATKIT_SOURCE_DIR set by the test):
# quoted includes must name core/ headers; angle includes must be the C++ standard library,
# nlohmann/json or the Markdown parser. The include path already refuses other quoted headers;
# this also catches system headers (Boost, POSIX, Emscripten) that any include path reaches.
file(GLOB_RECURSE sources ${CHATKIT_SOURCE_DIR}/core/*.hpp ${CHATKIT_SOURCE_DIR}/core/*.cpp)
set(problems "")
foreach(source IN LISTS sources)
  file(STRINGS ${source} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    # (Each MATCHES overwrites CMAKE_MATCH_1: the name is kept first.)
    if(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
      set(name "${CMAKE_MATCH_1}")
      if(NOT name MATCHES "^core/")
        list(APPEND problems "${source}: \"${name}\"")
      endif()
    elseif(line MATCHES "#[ \t]*include[ \t]*<([^>]+)>")
      set(name "${CMAKE_MATCH_1}")
      # Standard headers have no extension and no directory. Two libraries are allowed: nlohmann/json,
      # and the Markdown parser behind core/render/markdown.cpp (compiled into the wasm module too),
      # whose headers and entity table (md4c_entity_table.inc, generated from md4c's own source by
      # cmake/md4c_entities.cmake) come from its include directories.
      if(NOT (name MATCHES "^[a-z_]+$" OR name MATCHES "^nlohmann/" OR name MATCHES "^(md4c|cmark-gfm)[a-z_-]*\\.(h|inc)$"))
        list(APPEND problems "${source}: <${name}>")
      endif()
    endif()
  endforeach()
endforeach()
list(LENGTH sources count)
if(count EQUAL 0)
  message(FATAL_ERROR "no sources found under ${CHATKIT_SOURCE_DIR}/core")
endif()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "core/ includes outside core/:\n  ${text}")
endif()
message(STATUS "core/: ${count} files, every include inside core/, the standard library, nlohmann/json or the Markdown parser")
