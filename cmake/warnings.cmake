# Warnings for our own targets only (never for third-party code such as GoogleTest).
function(chatkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror
    # Designated initializers that rely on member defaults are our option-struct idiom.
    -Wno-missing-field-initializers)
endfunction()
