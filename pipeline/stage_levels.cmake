# pipeline/stage_levels.cmake
#
# Dependencies between stages point one way (pipeline/README.md): a stage
# links only stages to its left, never a sibling of the same level. This
# module checks that at configure time, from the targets themselves, so the
# README's drawing and the CMake graph cannot drift apart silently.
#
# Levels (pipeline/README.md):
#   base 0, model 1, pdf 2, normalize 2, rules 3, extract 4, store 5,
#   crosscheck 5, jobs 6.
set(DOCPIPE_STAGE_LEVELS
    base=0 model=1 pdf=2 normalize=2 rules=3 extract=4 store=5 crosscheck=5 jobs=6)

# docpipe_check_stage_links([LEVELS stage=N ...])
# For every docpipe_<stage> target of the levels list that exists, reads
# LINK_LIBRARIES and INTERFACE_LINK_LIBRARIES (PRIVATE links of a static
# library appear there as $<LINK_ONLY:...>) and stops the configure with
# FATAL_ERROR naming every link docpipe_<a> -> docpipe_<b> whose level of b
# is not lower than a's. Targets that are not stages (third-party, Threads)
# are ignored. Call it after every stage's add_subdirectory.
function(docpipe_check_stage_links)
  cmake_parse_arguments(ARG "" "" "LEVELS" ${ARGN})
  if(NOT ARG_LEVELS)
    set(ARG_LEVELS ${DOCPIPE_STAGE_LEVELS})
  endif()
  set(stages)
  foreach(pair IN LISTS ARG_LEVELS)
    string(REPLACE "=" ";" parts "${pair}")
    list(GET parts 0 stage)
    list(GET parts 1 level)
    set(level_${stage} ${level})
    list(APPEND stages ${stage})
  endforeach()
  set(errors)
  foreach(stage IN LISTS stages)
    if(NOT TARGET docpipe_${stage})
      continue()
    endif()
    get_target_property(direct docpipe_${stage} LINK_LIBRARIES)
    get_target_property(interface docpipe_${stage} INTERFACE_LINK_LIBRARIES)
    set(links)
    foreach(item IN LISTS direct interface)
      # Stage names inside generator expressions too ($<LINK_ONLY:docpipe_x>).
      string(REGEX MATCHALL "docpipe_[a-z_]+" names "${item}")
      list(APPEND links ${names})
    endforeach()
    list(REMOVE_DUPLICATES links)
    foreach(link IN LISTS links)
      string(REGEX REPLACE "^docpipe_" "" other "${link}")
      if(other STREQUAL stage OR NOT DEFINED level_${other})
        continue()
      endif()
      if(NOT level_${other} LESS level_${stage})
        list(APPEND errors
             "docpipe_${stage} (level ${level_${stage}}) links docpipe_${other} (level ${level_${other}})")
      endif()
    endforeach()
  endforeach()
  if(errors)
    list(JOIN errors "\n  " text)
    message(FATAL_ERROR "A stage links a stage that is not to its left "
            "(pipeline/README.md, pipeline/stage_levels.cmake):\n  ${text}")
  endif()
endfunction()
