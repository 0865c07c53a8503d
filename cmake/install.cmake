# `cmake --install build [--prefix P]`: the program, libwinnow (cmake/library.cmake), the man
# page, bash completion and the systemd units.
winnow_add_library()

install(TARGETS winnow RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/winnow.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/contrib/bash-completion/winnow
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# The systemd units name the installed binary and config, so they are made at install time, when
# the prefix is known (`--prefix P` may differ from the configured one). Units go where systemd
# looks for them under that prefix (/usr/lib/systemd/system, /usr/local/lib/systemd/system).
set(WINNOW_SYSTEMD_SOURCE ${PROJECT_SOURCE_DIR}/contrib/systemd)
install(CODE "
  set(WINNOW_BINARY \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/winnow\")
  if(\"\${CMAKE_INSTALL_PREFIX}\" STREQUAL \"/usr\")
    set(WINNOW_CONFIG_DIR /etc/winnow)
  else()
    set(WINNOW_CONFIG_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SYSCONFDIR}/winnow\")
  endif()
  configure_file(\"${WINNOW_SYSTEMD_SOURCE}/winnow-crawl.service.in\"
                 \"${PROJECT_BINARY_DIR}/systemd/winnow-crawl.service\" @ONLY)
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\" TYPE FILE FILES
       \"${PROJECT_BINARY_DIR}/systemd/winnow-crawl.service\" \"${WINNOW_SYSTEMD_SOURCE}/winnow-crawl.timer\")
")
# The Python module (python/) installs into the system Python's site-packages from its own
# CMakeLists.txt.
