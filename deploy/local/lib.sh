# Functions behind ./platform. Sourced, not run.

MVN=(mvn -B -ntp)

platform_test() {
  cd "$TANDEM_ROOT"
  "${MVN[@]}" install "$@"
}
