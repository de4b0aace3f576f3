include(GoogleTest)

# vmsim_add_gtest(NAME SOURCES... LIBS...): one GoogleTest executable, discovered by CTest.
# .ci/run fails when a *_test.cc is not compiled, so nothing here can silently drop a test.
function(vmsim_add_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main vmsim_options)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS unit ENVIRONMENT "VMSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
