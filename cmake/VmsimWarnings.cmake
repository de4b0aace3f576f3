# Warnings and sanitizers as INTERFACE targets: link them, never edit CMAKE_CXX_FLAGS.
add_library(vmsim_warnings INTERFACE)
add_library(vmsim::warnings ALIAS vmsim_warnings)
target_compile_options(vmsim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
  # GCC 12 at -O3 reports std::string concatenation as overlapping memcpy (GCC bug 105651).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)

add_library(vmsim_sanitizers INTERFACE)
add_library(vmsim::sanitizers ALIAS vmsim_sanitizers)
if(VMSIM_SANITIZE OR VMSIM_BUILD_FUZZERS)
  target_compile_options(vmsim_sanitizers INTERFACE
    $<$<BOOL:${VMSIM_BUILD_FUZZERS}>:-fsanitize=fuzzer-no-link>
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(vmsim_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

# Every first-party target links both.
add_library(vmsim_options INTERFACE)
target_link_libraries(vmsim_options INTERFACE vmsim_warnings vmsim_sanitizers)
