# The Todo card and the Todo it shows: pure (chatkit_core only), so that it builds for wasm too,
# where the widget tests and benchmarks measure the real card. The rest of the use case needs the
# server and is added with use_cases/, natively only.
add_library(chatkit_todo_card STATIC ${CMAKE_CURRENT_LIST_DIR}/todo_card.cpp)
chatkit_library_headers(chatkit_todo_card use_cases/todo)
target_link_libraries(chatkit_todo_card PUBLIC chatkit_core)
chatkit_warnings(chatkit_todo_card)
