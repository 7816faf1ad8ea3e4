#include <smp/app.hpp>

int main(int argc, char** argv) { return smp::run(argc, argv); }
