#include <smp/cli/commands.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace smp::cli {

void fill_init_command(CLI::App* init, Context& context) {
    when_run(init, context, [&context] {
        auto path = context.records_path();
        bool existed = std::filesystem::exists(path);
        auto& store = context.store(store::Access::create);
        if (existed) // a new one is announced as any write command announces it
            context.tell(fmt::format("Records file \"{}\" already exists (schema version {})", path,
                                     store.schema_version()));
        if (auto format = context.format(); format != output::Format::table)
            output::write_record(format, context.style(),
                                 {{{"records_file", path},
                                   {"created", !existed},
                                   {"schema_version", std::int64_t{store.schema_version()}}},
                                  {}},
                                 context.out);
        else if (context.options.quiet)
            fmt::print(context.out, "{}\n", path);
    });
}

} // namespace smp::cli
