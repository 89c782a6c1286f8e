# The model transport (libcurl) and the Azure credentials, against the node stand-in for the cloud
# (tests/stand_ins/upstream.mjs) on loopback. Included from tests/CMakeLists.txt: paths are
# relative to tests/.
find_program(CHATKIT_STAND_IN_NODE NAMES node nodejs REQUIRED)

add_executable(model_transport_tests
  server/models/http_client_stand_in.cpp
  server/models/http_client_test.cpp
  server/models/azure_credential_test.cpp
  server/integration/process.cpp
  server/integration/http_client.cpp
)
target_link_libraries(model_transport_tests PRIVATE chatkit_model_azure)
target_compile_definitions(model_transport_tests PRIVATE
  CHATKIT_STAND_IN="${PROJECT_SOURCE_DIR}/tests/stand_ins/upstream.mjs"
  CHATKIT_STAND_IN_NODE="${CHATKIT_STAND_IN_NODE}")
chatkit_test_suite(model_transport_tests)
set_tests_properties(model_transport_tests PROPERTIES TIMEOUT 180)

# The Todo flow through the real binary and each provider kind, against the same stand-in; and the
# attachments and dictation each provider is sent.
find_package(SQLite3 REQUIRED)
add_executable(provider_flow_tests
  server/models/http_client_stand_in.cpp
  server/integration/provider_flow_test.cpp
  server/integration/provider_attachments_test.cpp
  server/integration/pg_provider_runs_test.cpp
  server/integration/pg_balancer.cpp
  support/postgres_fixture.cpp
  server/integration/process.cpp
  server/integration/http_client.cpp
  server/integration/server_harness.cpp
)
target_link_libraries(provider_flow_tests PRIVATE chatkit_http chatkit_model_catalog chatkit_use_cases SQLite::SQLite3
  chatkit_store_postgres)
target_compile_definitions(provider_flow_tests PRIVATE
  CHATKIT_STAND_IN="${PROJECT_SOURCE_DIR}/tests/stand_ins/upstream.mjs"
  CHATKIT_STAND_IN_NODE="${CHATKIT_STAND_IN_NODE}"
  CHATKIT_SERVER_BINARY="$<TARGET_FILE:chatkit-server>")
add_dependencies(provider_flow_tests chatkit-server)
chatkit_test_suite(provider_flow_tests)
set_tests_properties(provider_flow_tests PROPERTIES TIMEOUT 240)
