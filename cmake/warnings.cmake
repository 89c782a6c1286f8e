# Warnings for our own targets only (never for third-party code such as GoogleTest).
function(chatkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror
    # Designated initializers that rely on member defaults are our option-struct idiom.
    -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports `"literal" + std::string` as overlapping memcpy at -O2 and above
    # (GCC bug 105329, a false positive).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()
