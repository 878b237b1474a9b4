# GENERATES docpipe(1) in English and Vietnamese from the program's own help
# texts with help2man, so the man page can never drift from --help.
# Run by packaging/CMakeLists.txt as a build step:
#   cmake -DDOCPIPE=<binary> -DHELP2MAN=<help2man> -DVERSION=<x.y.z>
#         -DOUT_DIR=<dir> -DSOURCE_DIR=<packaging/man> -P make_man.cmake
# Writes <OUT_DIR>/en/docpipe.1 and <OUT_DIR>/vi/docpipe.1.
#
# help2man reads `docpipe --help` (the usage, commands, common options and
# exit statuses); the per-command help (`docpipe <command> --help`) and the
# sections help2man cannot know (files, environment, the watch service) are
# added through an include file built here. The Vietnamese page is the same
# run with --lang vi; help2man's English section names are then translated.

foreach(var DOCPIPE HELP2MAN VERSION OUT_DIR SOURCE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "make_man.cmake: -D${var}=... is required")
  endif()
endforeach()

# Escapes plain text for roff: backslashes, and lines starting with a
# control character.
function(roff_escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

foreach(lang en vi)
  set(dir ${OUT_DIR}/${lang})
  file(MAKE_DIRECTORY ${dir})
  # help2man runs "<program> --help": a wrapper named docpipe fixes the language.
  file(WRITE ${dir}/docpipe "#!/bin/sh\nexec \"${DOCPIPE}\" --lang ${lang} \"$@\"\n")
  file(CHMOD ${dir}/docpipe PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
       GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

  execute_process(COMMAND ${dir}/docpipe --help OUTPUT_VARIABLE usage RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "make_man.cmake: ${DOCPIPE} --help failed (${rc})")
  endif()
  # The command names: the indented lines of the usage's command list.
  string(REGEX MATCH "(Commands|Các lệnh):\n(.*)" _ "${usage}")
  string(REGEX REPLACE "\n\n.*" "" command_lines "${CMAKE_MATCH_2}")
  string(REGEX MATCHALL "(^|\n)  [a-z]+" names "${command_lines}")
  if(lang STREQUAL "vi")
    set(h2m "[CÁC LỆNH]\n")
  else()
    set(h2m "[COMMANDS]\n")
  endif()
  foreach(name IN LISTS names)
    string(STRIP "${name}" name)
    execute_process(COMMAND ${dir}/docpipe ${name} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "make_man.cmake: docpipe ${name} --help failed (${rc})")
    endif()
    roff_escape("${text}" text)
    string(APPEND h2m ".SS ${name}\n.nf\n${text}.fi\n")
  endforeach()
  file(READ ${SOURCE_DIR}/docpipe.${lang}.h2m extra)
  # [NAME] comes from the include file, not --name: help2man would read a
  # UTF-8 argument as Latin-1.
  if(lang STREQUAL "vi")
    set(name_text "đọc văn bản hành chính tiếng Việt (PDF) vào cơ sở dữ liệu SQLite và đối chiếu báo cáo với kế hoạch")
  else()
    set(name_text "read Vietnamese government documents (PDF) into SQLite and check reports against the plan")
  endif()
  file(WRITE ${dir}/docpipe.h2m "[NAME]\ndocpipe \\- ${name_text}\n${h2m}\n${extra}")

  # --locale=C.UTF-8: help2man's default "C" would turn every Vietnamese
  # letter of the help text into "?".
  execute_process(
    COMMAND ${HELP2MAN} --locale=C.UTF-8 --no-info --section=1 --version-string=${VERSION}
            "--source=docpipe ${VERSION}" --manual=docpipe
            --include=${dir}/docpipe.h2m --output=${dir}/docpipe.1.tmp ${dir}/docpipe
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "make_man.cmake: help2man failed (${rc}): ${err}")
  endif()
  file(READ ${dir}/docpipe.1.tmp page)
  # No date: the same sources give the same bytes (reproducible builds).
  string(REGEX REPLACE "\n\\.TH ([^\n]*) \"[A-Za-z]+ [0-9]+\" " "\n.TH \\1 \"\" " page "${page}")
  # man(1) reads the page as UTF-8 whatever the locale (preconv).
  set(page "'\\\" -*- coding: UTF-8 -*-\n${page}")
  if(lang STREQUAL "vi")
    foreach(pair "NAME;TÊN" "SYNOPSIS;TÓM TẮT" "DESCRIPTION;MÔ TẢ" "\"SEE ALSO\";\"XEM THÊM\""
                 "COPYRIGHT;BẢN QUYỀN" "\"REPORTING BUGS\";\"BÁO LỖI\"" "AUTHOR;TÁC GIẢ")
      list(GET pair 0 en)
      list(GET pair 1 vi)
      string(REPLACE "\n.SH ${en}\n" "\n.SH ${vi}\n" page "${page}")
    endforeach()
  endif()
  file(WRITE ${dir}/docpipe.1 "${page}")
  file(REMOVE ${dir}/docpipe.1.tmp)
endforeach()
