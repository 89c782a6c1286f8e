# The OpenAI-compatible providers (Chat Completions and Responses API): request bodies, stream
# parsers, error mapping, retries and the Model itself. It codes against the HttpClient and
# Credential interfaces only; the libcurl transport (chatkit_model_http) is linked by whoever
# builds the server, so this library and its tests need no network stack.
add_library(chatkit_model_openai STATIC
  models/openai/endpoint.cpp
  models/openai/ids.cpp
  models/openai/chat_request.cpp
  models/openai/responses_request.cpp
  models/openai/sse_json_reader.cpp
  models/openai/stream_parser.cpp
  models/openai/upstream_error.cpp
  models/openai/chat_stream_parser.cpp
  models/openai/responses_stream_parser.cpp
  models/openai/retry.cpp
  models/openai/upstream_attempt.cpp
  models/openai/openai_model.cpp
)
target_include_directories(chatkit_model_openai PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(chatkit_model_openai PUBLIC chatkit_core chatkit_beast)
chatkit_warnings(chatkit_model_openai)
