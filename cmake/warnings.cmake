# Warnings for our own targets only (never for third-party code such as GoogleTest).
function(chatkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-unused-command-line-argument)
endfunction()
