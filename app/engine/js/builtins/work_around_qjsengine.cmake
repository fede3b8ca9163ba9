# Run after esbuild on the bundles in BUNDLE_DIR: rewrites the statements of core-js that QJSEngine 6.4
# evaluates wrongly. In a function, V4 reads a local variable used as a subscript after the right-hand side,
# so `a[i] = b[i++]` stores b[0] in a[1]: core-js's array-from-constructor-and-list shifted each copy by one
# (toSorted gave [1,2,3,null]) and its insertion sort lost elements. tests/engine/runtime's sort rows check.
file(GLOB bundles ${BUNDLE_DIR}/*.js)
foreach(bundle IN LISTS bundles)
  file(READ ${bundle} text)
  string(REPLACE "result[index]=list[index++]" "result[index]=list[index],index++" fixed "${text}")
  string(REPLACE "array[j]=array[--j]" "array[j]=array[j-1],j--" fixed "${fixed}")
  if(NOT fixed STREQUAL text)
    file(WRITE ${bundle} "${fixed}")
  endif()
endforeach()
