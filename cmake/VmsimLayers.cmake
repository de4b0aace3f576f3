# The layers, checked when the build is configured: each directory may include only what is
# below it, so core includes nothing of fakes/ or sim/, and no include runs back up:
#   core <- fakes <- sim/{output, scenario} <- sim/world <- sim/engine <- sim/{sweep, check}
#        <- sim/cassette <- sim/cli
# A file that breaks this fails the configure step, naming the file and the include.
function(vmsim_check_layer dir)
  file(GLOB_RECURSE sources ${PROJECT_SOURCE_DIR}/${dir}/*.h ${PROJECT_SOURCE_DIR}/${dir}/*.cc)
  foreach(source IN LISTS sources)
    file(STRINGS ${source} includes REGEX "^#include \"")
    foreach(line IN LISTS includes)
      foreach(forbidden IN LISTS ARGN)
        if(line MATCHES "^#include \"${forbidden}/")
          file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${source})
          message(FATAL_ERROR "${rel}: ${line} reaches up from ${dir} to ${forbidden} (cmake/VmsimLayers.cmake)")
        endif()
      endforeach()
    endforeach()
  endforeach()
endfunction()

set(_above_engine sim/sweep sim/check sim/cassette sim/cli)
vmsim_check_layer(core fakes sim)
vmsim_check_layer(fakes sim)
vmsim_check_layer(sim/output fakes sim/scenario sim/world sim/engine ${_above_engine})
vmsim_check_layer(sim/scenario sim/output sim/world sim/engine ${_above_engine})
vmsim_check_layer(sim/world sim/engine ${_above_engine})
vmsim_check_layer(sim/engine ${_above_engine})
vmsim_check_layer(sim/sweep sim/check sim/cassette sim/cli)
vmsim_check_layer(sim/check sim/sweep sim/cassette sim/cli)
vmsim_check_layer(sim/cassette sim/cli)
