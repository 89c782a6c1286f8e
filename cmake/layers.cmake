# The layers of docs/ARCHITECTURE.md, enforced by the compiler. Every library's headers are
# included by their path from the repository root ("server/store/store.hpp"), but the repository
# root itself is on no include path: each library gets a directory of its own under
# build/include/, holding links to the headers of its folder only, and publishes that directory to
# whoever links it. A file therefore finds the headers of its own library and of the libraries it
# links, and nothing else: a use case that includes server/http/... does not compile, and neither
# does core/ including anything of the server's (tests/layering/ checks both).

# chatkit_library_headers(<target> <folder> [RECURSIVE]): publishes <folder>'s *.hpp as the
# target's headers (RECURSIVE: its subfolders' too, for a library that spans them).
function(chatkit_library_headers target folder)
  cmake_parse_arguments(ARG "RECURSIVE" "" "" ${ARGN})
  set(stage ${CMAKE_BINARY_DIR}/include/${target})
  set(source ${PROJECT_SOURCE_DIR}/${folder})
  if(ARG_RECURSIVE)
    file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${source} ${source}/*.hpp)
  else()
    file(GLOB headers CONFIGURE_DEPENDS RELATIVE ${source} ${source}/*.hpp)
  endif()
  file(REMOVE_RECURSE ${stage}/${folder})  # headers deleted since the last configure go too
  foreach(header IN LISTS headers)
    get_filename_component(directory ${stage}/${folder}/${header} DIRECTORY)
    file(MAKE_DIRECTORY ${directory})
    file(CREATE_LINK ${source}/${header} ${stage}/${folder}/${header} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC ${stage})
endfunction()
