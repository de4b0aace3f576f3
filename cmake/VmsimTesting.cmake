include(GoogleTest)

# vmsim_add_gtest(NAME SOURCES... [LIBS...] [RUNS_VMSIM]): one GoogleTest executable, discovered
# by CTest, with VMSIM_SOURCE_DIR_DEFAULT (the source tree) defined; RUNS_VMSIM also defines
# VMSIM_BINARY (the vmsim executable's path) and builds vmsim first. Nothing when
# VMSIM_BUILD_TESTS is OFF. .ci/run fails when a *_test.cc is not compiled, so nothing here can
# silently drop a test.
function(vmsim_add_gtest name)
  if(NOT VMSIM_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "RUNS_VMSIM" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main vmsim_options)
  target_compile_definitions(${name} PRIVATE VMSIM_SOURCE_DIR_DEFAULT="${PROJECT_SOURCE_DIR}")
  if(ARG_RUNS_VMSIM)
    target_compile_definitions(${name} PRIVATE VMSIM_BINARY="$<TARGET_FILE:vmsim>")
    add_dependencies(${name} vmsim)
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS unit ENVIRONMENT "VMSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
