# The OpenAI-compatible providers: request bodies, stream parsers over the recorded-style upstream
# streams of fixtures/upstream/, error mapping and retry timing, and the models against a scripted
# in-memory HttpClient (no network, no libcurl).
add_executable(openai_tests
  support/fixtures.cpp
  server/models/openai_test_support.cpp
  server/models/openai_request_test.cpp
  server/models/openai_stream_parser_test.cpp
  server/models/openai_upstream_error_test.cpp
  server/models/openai_model_test.cpp
)
target_link_libraries(openai_tests PRIVATE chatkit_model_openai)
chatkit_test_suite(openai_tests)
