# The model providers' transport and credentials (included from server/CMakeLists.txt, so the
# paths are relative to server/): HTTP over libcurl on a thread of its own, and the Azure
# credentials (API key, client secret, workload identity, managed identity).
find_package(CURL REQUIRED)

add_library(chatkit_model_http STATIC
  models/http/http_client.cpp
  models/http/curl_exchange.cpp
  models/http/curl_worker.cpp
  models/http/curl_transfer.cpp
  models/http/transfer_state.cpp
  models/http/notifier.cpp
  models/http/response_head_parser.cpp
  models/http/request_label.cpp
  models/azure/azure_credentials.cpp
  models/azure/key_credential.cpp
  models/azure/cached_token_credential.cpp
  models/azure/entra_token_sources.cpp
  models/azure/managed_identity_sources.cpp
  models/azure/token_request.cpp
  models/azure/token_reply.cpp
  models/azure/form_encoding.cpp
)
target_include_directories(chatkit_model_http PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(chatkit_model_http PUBLIC chatkit_core chatkit_beast PRIVATE CURL::libcurl)
chatkit_warnings(chatkit_model_http)
