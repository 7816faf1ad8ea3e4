# Installing smp, and its Debian package (`cpack -G DEB`, or `scripts/dev package`).
#
# The same rules serve `cmake --install build --prefix /usr/local` and the package (installed
# by CPack under /usr): the binary, the manual pages gzipped as Debian wants them, a page
# under every command's own name, the completions where each shell looks without any setup,
# and the licence.

find_program(SMP_GZIP gzip REQUIRED)

# Every command's manual page name, and the page that documents it: `man smp-import` and
# `smp help import` then open the page with the import's options. Installed as symbolic links
# (Debian policy 12.1 prefers them to .so pages).
# Every page in man/ is installed, so a new command's page needs no edit here.
file(GLOB smp_man_pages RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}/man CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/man/*.1 ${CMAKE_CURRENT_SOURCE_DIR}/man/*.5)
set(smp_man_links
    smp-init.1=smp.1 smp-agenda.1=smp.1 smp-help.1=smp.1
    smp-import.1=smp-export.1 smp-backup.1=smp-export.1 smp-restore.1=smp-export.1
    smp-check.1=smp-export.1)

# gzip -9n: the most compression, and no name or time stamp, so the package is reproducible.
# Laid out as under share/man, so `MANPATH=build/man man smp-import` finds the built pages.
set(smp_man_out ${CMAKE_CURRENT_BINARY_DIR}/man)
set(smp_man_gz)
foreach(entry ${smp_man_pages} ${smp_man_links})
  string(REPLACE "=" ";" entry ${entry})
  list(GET entry 0 name)
  string(REGEX MATCH "[0-9]$" section ${name})
  set(page ${smp_man_out}/man${section}/${name}.gz)
  if(entry MATCHES ";")
    list(GET entry 1 target)
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${smp_man_out}/man${section}
      COMMAND ${CMAKE_COMMAND} -E create_symlink ${target}.gz ${page} VERBATIM)
  else()
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${smp_man_out}/man${section}
      COMMAND ${SMP_GZIP} -9nc ${CMAKE_CURRENT_SOURCE_DIR}/man/${name} > ${page}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/man/${name} VERBATIM)
  endif()
  install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
  list(APPEND smp_man_gz ${page})
endforeach()
add_custom_target(smp_manuals ALL DEPENDS ${smp_man_gz})

install(TARGETS smp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# bash-completion searches $XDG_DATA_DIRS, by default /usr/local/share:/usr/share, so the
# prefix's own folder serves both /usr/local and the package.
install(FILES completions/smp.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME smp)

# zsh and fish do not search one folder for every prefix, so the folder is chosen when
# installing, from the prefix then in force (CPack installs under /usr):
# - zsh searches PREFIX/share/zsh/site-functions for its own prefix and /usr/local, but
#   Debian's zsh (prefix /usr) searches /usr/share/zsh/vendor-completions instead;
# - fish searches `pkg-config --variable completionsdir fish` (/usr/share/fish/
#   vendor_completions.d on Debian), ~/.local/share/fish/vendor_completions.d and
#   /etc/fish/completions, but nothing under /usr/local unless XDG_DATA_DIRS names it: a
#   /usr/local install goes to /etc/fish/completions, the administrator's own folder, rather
#   than into the distribution's /usr/share.
# SMP_ZSH_COMPLETIONS_DIR and SMP_FISH_COMPLETIONS_DIR override the choice.
set(SMP_ZSH_COMPLETIONS_DIR "" CACHE STRING "Where to install the zsh completion (default: chosen from the prefix)")
set(SMP_FISH_COMPLETIONS_DIR "" CACHE STRING "Where to install the fish completion (default: chosen from the prefix)")
install(CODE "
  set(smp_zsh_dir \"${SMP_ZSH_COMPLETIONS_DIR}\")
  if(NOT smp_zsh_dir)
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
      set(smp_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions\")
    else()
      set(smp_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/site-functions\")
    endif()
  endif()
  set(smp_fish_dir \"${SMP_FISH_COMPLETIONS_DIR}\")
  if(NOT smp_fish_dir)
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr/local\")
      set(smp_fish_dir \"/etc/fish/completions\")
    else()
      set(smp_fish_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d\")
    endif()
  endif()
  file(INSTALL DESTINATION \"\${smp_zsh_dir}\" TYPE FILE
       FILES \"${CMAKE_CURRENT_SOURCE_DIR}/completions/_smp\")
  file(INSTALL DESTINATION \"\${smp_fish_dir}\" TYPE FILE
       FILES \"${CMAKE_CURRENT_SOURCE_DIR}/completions/smp.fish\")
")

# The licence as Debian's machine-readable copyright file (which holds its whole text), and the
# changelog Debian wants beside it.
configure_file(packaging/changelog.in ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog @ONLY)
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
  COMMAND ${SMP_GZIP} -9nc ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog
          > ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
  DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog VERBATIM)
add_custom_target(smp_changelog ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz)
install(FILES packaging/copyright ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The JSON Schemas of every JSON output (see JSON OUTPUT in smp(1)).
install(DIRECTORY doc/schema/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/schema
        FILES_MATCHING PATTERN "*.json")

set(CPACK_PACKAGE_NAME smp)
set(CPACK_PACKAGE_VENDOR "The smp authors")
set(CPACK_PACKAGE_CONTACT "The smp authors <smp@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "records for scalp micropigmentation practice")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/smp")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "man-db")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, sqlite3")
# CPack puts the summary above this, and indents each line by one space as Debian wants.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "smp keeps a solo scalp micropigmentation practitioner's clients, treatment
sessions, pigment shades and lots, and touch-up schedule in one portable SQLite
records file. It says who is due for a follow-up or touch-up, sends reminders,
traces a pigment lot to every client who received it, writes a calendar feed,
and imports and exports CSV for spreadsheets and accountants.")
include(CPack)
