// `smp remind`: the one job that sends every message a client should get, and the options it
// shares with `smp touchup remind`.

#include "touchup.hpp"

#include <smp/cli/commands.hpp>
#include <smp/cli/valid.hpp>
#include <smp/domain/reminder.hpp>

#include <memory>

namespace smp::cli {

void add_send_options(CLI::App* command, RemindOptions& o) {
    command
        ->add_option("--channel", o.channel,
                     "email, sms, whatsapp or call (default reminder.channel)")
        ->type_name("NAME")
        ->check(valid::choice(choices::reminder_channel));
    command->add_option("--exec", o.exec, "Send each message by running CMD (message on stdin)")
        ->type_name("CMD");
    command
        ->add_option("--exec-timeout", o.exec_timeout,
                     "Stop a --exec command after SPAN, e.g. 90s, 2m (default "
                     "reminder.exec_timeout, 60s); it counts as failed")
        ->type_name("SPAN")
        ->check(valid::time_limit("--exec-timeout"));
    command->add_flag("--dry-run", o.dry_run, "Show what would be sent; record nothing");
    command->add_flag("--resend", o.resend, "Send even if already sent");
    command->add_flag("--mark-sent", o.mark_sent,
                      "Record the printed messages as sent without asking (on a terminal smp "
                      "asks first)");
}

void fill_remind_command(CLI::App* command, Context& context) {
    auto o = std::make_shared<RemindOptions>();
    o->every_kind = true;
    command
        ->add_option("--kind", o->kinds,
                     "Only these kinds, comma-separated: booking, confirmation, cancellation, "
                     "aftercare, followup, touchup (default: all)")
        ->type_name("KIND")
        ->delimiter(',')
        ->check(valid::choice(choices::message_kind));
    add_send_options(command, *o);
    command->add_flag("--list", o->dry_run, "Show what would go out (as --dry-run)");
    command->add_flag("--retry-unfinished", o->retry_unfinished,
                      "Send again the messages a run that stopped left unfinished (they may "
                      "have gone out)");
    when_run(command, context, [&context, o] { remind(context, *o); });
}

} // namespace smp::cli
