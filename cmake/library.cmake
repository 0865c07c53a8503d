# libwinnow: the stages' code as one library, static (libwinnow.a, always) and shared
# (libwinnow.so, with WINNOW_SHARED), made from the objects the stages' own libraries already
# compiled (nothing is compiled twice), with the public headers, winnow.pc and the CMake package.
#
# A stage joins the library with one line in the top-level CMakeLists.txt:
#   winnow_library_stage(TARGET ENTRY_HEADER...)
# ENTRY_HEADERs are the headers of the stage's public API, as the code includes them
# ("clean/cleaner.h"); every header of ours they include, directly or not, is installed with them.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

function(winnow_library_stage target)
  set_property(GLOBAL APPEND PROPERTY WINNOW_LIBRARY_STAGES ${target})
  set_property(GLOBAL APPEND PROPERTY WINNOW_PUBLIC_ENTRY_HEADERS ${ARGN})
endfunction()

# The third-party packages the public headers include: users compile against their headers, so
# they are pkg-config Requires and find_dependency()s of the CMake package. (A header of ours
# that includes another one must add it here: the install test compiles each installed header
# alone with only what pkg-config gives.)
#   CMake target                      pkg-config module
set(WINNOW_PUBLIC_DEPENDENCIES
    nlohmann_json::nlohmann_json      nlohmann_json   # store/record.h, store/query.h...
    PkgConfig::GUMBO                  gumbo           # clean/dom.h (clean/site_rules.h)
    PkgConfig::TOMLPP                 tomlplusplus)   # config/site_rules.h

# Each library the stages link privately: as winnow.pc names it for `pkg-config --static` (a
# pkg-config module, whose linker flags go into Libs.private, or linker flags after "-"), and the find_package() that winnowConfig.cmake
# makes for winnow::winnow_static. A stage that links a library not named here stops the
# configuration, so that neither ever misses one.
#   CMake target              pkg-config                 find_package
set(WINNOW_PRIVATE_DEPENDENCIES
    CURL::libcurl             libcurl                    CURL
    ZLIB::ZLIB                zlib                       ZLIB
    OpenSSL::Crypto           libcrypto                  OpenSSL
    ICU::uc                   icu-uc                     "ICU COMPONENTS uc i18n data"
    ICU::i18n                 icu-i18n                   "ICU COMPONENTS uc i18n data"
    ICU::data                 icu-uc                     "ICU COMPONENTS uc i18n data"  # icu-uc's --static flags carry -licudata
    LibXml2::LibXml2          libxml-2.0                 LibXml2
    SQLite::SQLite3           sqlite3                    SQLite3
    PostgreSQL::PostgreSQL    libpq                      PostgreSQL
    spdlog::spdlog            spdlog                     spdlog
    Threads::Threads          "-pthread"                 Threads
    # libcld2_full's tables override libcld2's: it must be linked, and first (see Cld2::cld2;
    # winnowConfig.cmake makes the target itself).
    Cld2::cld2                "-Wl,--push-state,--no-as-needed -lcld2_full -Wl,--pop-state -lcld2"  -)

# The headers reachable from the entry headers, following `#include "stage/x.h"` (sorted).
function(winnow_header_closure out)
  set(todo ${ARGN})
  set(seen "")
  while(todo)
    list(POP_FRONT todo header)
    if(header IN_LIST seen)
      continue()
    endif()
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/${header})
      message(FATAL_ERROR "libwinnow's public API names ${header}, which does not exist")
    endif()
    list(APPEND seen ${header})
    file(STRINGS ${PROJECT_SOURCE_DIR}/${header} includes REGEX "^#include \"[a-z_]+/[a-z0-9_]+\\.h\"")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" included "${line}")
      list(APPEND todo ${included})
    endforeach()
  endwhile()
  list(SORT seen)
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

function(winnow_add_library)
  get_property(stages GLOBAL PROPERTY WINNOW_LIBRARY_STAGES)
  get_property(entries GLOBAL PROPERTY WINNOW_PUBLIC_ENTRY_HEADERS)

  # What the stages link, less the stages themselves: private to libwinnow (its public
  # dependencies are WINNOW_PUBLIC_DEPENDENCIES).
  set(objects "")
  set(private_deps "")
  foreach(stage IN LISTS stages)
    list(APPEND objects $<TARGET_OBJECTS:${stage}>)
    get_target_property(deps ${stage} LINK_LIBRARIES)
    if(NOT deps)
      set(deps "")
    endif()
    foreach(dep IN LISTS deps)
      if(NOT dep IN_LIST stages)
        list(APPEND private_deps ${dep})
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES private_deps)
  set(public_targets "")
  set(public_modules "")
  set(i 0)
  list(LENGTH WINNOW_PUBLIC_DEPENDENCIES n)
  while(i LESS n)
    list(GET WINNOW_PUBLIC_DEPENDENCIES ${i} t)
    math(EXPR i "${i} + 1")
    list(GET WINNOW_PUBLIC_DEPENDENCIES ${i} m)
    math(EXPR i "${i} + 1")
    list(APPEND public_targets ${t})
    list(APPEND public_modules ${m})
    list(REMOVE_ITEM private_deps ${t})
  endwhile()

  set(include_dir ${CMAKE_INSTALL_INCLUDEDIR}/winnow)
  set(libs winnow_static)
  add_library(winnow_static STATIC ${objects})
  if(WINNOW_SHARED)
    add_library(winnow_shared SHARED ${objects})
    # 0.x releases promise nothing between minor versions: libwinnow.so.0.1.
    if(PROJECT_VERSION_MAJOR EQUAL 0)
      set(soversion ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
    else()
      set(soversion ${PROJECT_VERSION_MAJOR})
    endif()
    set_target_properties(winnow_shared PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${soversion})
    # Every symbol the stages use must come from a library named here.
    target_link_options(winnow_shared PRIVATE -Wl,--no-undefined)
    list(APPEND libs winnow_shared)
  endif()
  foreach(lib IN LISTS libs)
    set_target_properties(${lib} PROPERTIES OUTPUT_NAME winnow)
    target_link_libraries(${lib} PUBLIC ${public_targets} PRIVATE ${private_deps})
    target_include_directories(${lib} INTERFACE
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}> $<INSTALL_INTERFACE:${include_dir}>)
  endforeach()
  # find_package(winnow) gives winnow::winnow (the shared library) and winnow::winnow_static.
  if(WINNOW_SHARED)
    set_target_properties(winnow_shared PROPERTIES EXPORT_NAME winnow)
  endif()

  # Headers: include/winnow/<stage>/x.h, found as "clean/cleaner.h" with -I<includedir>/winnow,
  # and the umbrella include/winnow/winnow.h (<winnow/winnow.h>) that includes the entry headers.
  winnow_header_closure(headers ${entries})
  foreach(header IN LISTS headers)
    get_filename_component(dir ${header} DIRECTORY)
    install(FILES ${PROJECT_SOURCE_DIR}/${header} DESTINATION ${include_dir}/${dir} COMPONENT dev)
  endforeach()
  set(umbrella "// winnow's public API: every stage's entry headers (generated by cmake/library.cmake).\n")
  string(APPEND umbrella "// Compile with -I<includedir>/winnow (pkg-config --cflags winnow, or winnow::winnow).\n#pragma once\n\n")
  foreach(header IN LISTS entries)
    string(APPEND umbrella "#include \"${header}\"\n")
  endforeach()
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/include/winnow/winnow.h CONTENT "${umbrella}")
  install(FILES ${PROJECT_BINARY_DIR}/include/winnow/winnow.h DESTINATION ${include_dir} COMPONENT dev)
  # For the install test: the headers installed, one a line.
  list(JOIN headers "\n" header_lines)
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/include/winnow/public_headers.txt CONTENT "${header_lines}\n")

  install(TARGETS ${libs} EXPORT winnowTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT dev)
  # pkg-config: Requires the public modules; --static adds what libwinnow.a needs.
  list(JOIN public_modules " " WINNOW_PC_REQUIRES)
  set(private_modules "")
  set(private_flags "")
  set(find_packages "")
  foreach(dep IN LISTS private_deps)
    list(FIND WINNOW_PRIVATE_DEPENDENCIES ${dep} at)
    if(at EQUAL -1)
      message(FATAL_ERROR "libwinnow links ${dep}: name it in WINNOW_PRIVATE_DEPENDENCIES (cmake/library.cmake) for winnow.pc")
    endif()
    math(EXPR at "${at} + 1")
    list(GET WINNOW_PRIVATE_DEPENDENCIES ${at} name)
    math(EXPR at "${at} + 1")
    list(GET WINNOW_PRIVATE_DEPENDENCIES ${at} package)
    if(NOT package STREQUAL "-")
      list(APPEND find_packages "find_dependency(${package})")
    endif()
    if(name MATCHES "^-")
      list(APPEND private_flags "${name}")
    else()
      list(APPEND private_modules ${name})
    endif()
  endforeach()
  # The modules' own flags, not Requires.private: `pkg-config --static` would then list what each
  # needs to be linked statically itself (libcurl's nghttp2, ssh2, ldap...), while libwinnow.a
  # links the system's shared libcurl like any program.
  list(REMOVE_DUPLICATES private_modules)
  execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --libs ${private_modules}
                  OUTPUT_VARIABLE module_flags OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
  list(JOIN private_flags " " WINNOW_PC_LIBS_PRIVATE)
  set(WINNOW_PC_LIBS_PRIVATE "${module_flags} ${WINNOW_PC_LIBS_PRIVATE}")
  list(REMOVE_DUPLICATES find_packages)
  list(JOIN find_packages "\n" WINNOW_CONFIG_PRIVATE_DEPENDENCIES)
  # Relocatable: the prefix is found from the file's own place, so `cmake --install --prefix P`
  # (chosen after configuring) gives a winnow.pc that points into P.
  file(RELATIVE_PATH WINNOW_PC_PREFIX_FROM_PCFILEDIR /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  string(REGEX REPLACE "/$" "" WINNOW_PC_PREFIX_FROM_PCFILEDIR "${WINNOW_PC_PREFIX_FROM_PCFILEDIR}")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/winnow.pc.in ${PROJECT_BINARY_DIR}/winnow.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/winnow.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
  set(cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/winnow)
  install(EXPORT winnowTargets NAMESPACE winnow:: DESTINATION ${cmake_dir} COMPONENT dev)
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/winnowConfig.cmake.in
    ${PROJECT_BINARY_DIR}/winnowConfig.cmake INSTALL_DESTINATION ${cmake_dir})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/winnowConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/winnowConfig.cmake ${PROJECT_BINARY_DIR}/winnowConfigVersion.cmake
          DESTINATION ${cmake_dir} COMPONENT dev)

endfunction()
