# fish completion for smp. Installed as fish/vendor_completions.d/smp.fish.
#
# One block per top-level command, below the helpers. A block declares its subcommands with
# __smp_command (which also teaches the helpers the command tree), its options with
# `complete`, and adds each option that takes a value to __smp_value_options so the helpers
# can skip that value when they work out where on the command line the cursor is.
# Command paths are written in full: "smp", "smp client", "smp client add".

# The words smp's helpers must skip after an option: its value.
set -g __smp_value_options -f --file --config --format --as-of --color
# Every known command path, filled in by __smp_command.
set -g __smp_command_paths smp
# The command paths whose own --file is not the records file (none at present).
set -g __smp_own_file_option

# Registers NAME as a subcommand of PARENT, offered with DESCRIPTION.
function __smp_command --argument-names parent name description
    set -g -a __smp_command_paths "$parent $name"
    complete -c smp -f -n "__smp_at '$parent'; and __smp_no_argument_yet" -a $name -d $description
end

# Works out the command line so far: __smp_path (the command path, such as "smp client
# show"), __smp_npositional (arguments after it) and __smp_helper_options (the records file
# or config already given, for `smp _complete`).
function __smp_parse
    set -l tokens (commandline -opc)
    set -g __smp_path smp
    set -g __smp_npositional 0
    set -g __smp_helper_options
    set -l i 2
    while test $i -le (count $tokens)
        set -l word $tokens[$i]
        switch $word
            case '--file=*' '--config=*'
                if not string match -q -- '--file=*' $word; or not contains -- $__smp_path $__smp_own_file_option
                    set -a __smp_helper_options (string split -m 1 = -- $word)
                end
            case '-f?*'
                set -a __smp_helper_options --file (string sub -s 3 -- $word)
            case '--*=*'
            case '-*'
                # `payment add --fee` is a flag; `session cancel --fee AMOUNT` takes a value.
                if contains -- $word $__smp_value_options; and test "$__smp_path $word" != 'smp payment add --fee'
                    set i (math $i + 1)
                    if contains -- $word -f --file --config; and test $i -le (count $tokens)
                        if test $word != --file; or not contains -- $__smp_path $__smp_own_file_option
                            set -a __smp_helper_options $word $tokens[$i]
                        end
                    end
                end
            case '*'
                if test $__smp_npositional -eq 0; and contains -- "$__smp_path $word" $__smp_command_paths
                    set __smp_path "$__smp_path $word"
                else
                    set __smp_npositional (math $__smp_npositional + 1)
                end
        end
        set i (math $i + 1)
    end
    # A file named as ~/... reaches us unexpanded.
    if set -q __smp_helper_options[1]
        set __smp_helper_options (string replace -r '^~(?=/|$)' -- $HOME $__smp_helper_options)
    end
end

# True when the command path typed so far is one of PATHS.
function __smp_at
    __smp_parse
    contains -- "$__smp_path" $argv
end

function __smp_no_argument_yet
    test $__smp_npositional -eq 0
end

# The allowed values of OPTION on COMMAND ("client add"), one per line, from smp's own closed
# sets (`smp _complete values`; no records file read).
function __smp_values --argument-names command option
    command -q smp; or return
    command smp _complete values $command $option 2>/dev/null
end

# Names from `smp _complete KIND`, one per line: active clients, shades that are not
# retired, lot numbers.
function __smp_names --argument-names kind
    command -q smp; or return
    __smp_parse
    command smp $__smp_helper_options _complete $kind 2>/dev/null
end

function __smp_clients
    __smp_names clients
end

function __smp_shades
    __smp_names shades
end

function __smp_lots
    __smp_names lots
end

complete -c smp -f

# ---- smp (global options, valid before or after any command) ---------------------------
complete -c smp -s f -l file -r -F -d 'Records file'
complete -c smp -l config -r -F -d 'Config file'
complete -c smp -l format -x -a '(__smp_values "" --format)' -d 'Output format'
complete -c smp -l as-of -x -a 'today yesterday tomorrow' -d 'Treat DATE as today'
complete -c smp -l color -x -a '(__smp_values "" --color)' -d 'When to use colour'
complete -c smp -s q -l quiet -d 'Print only ids and errors'
complete -c smp -s y -l yes -d 'Answer yes to confirmations'
complete -c smp -l columns -x -d "A listing's columns, comma-separated"
complete -c smp -l wide -d "Never narrow a table to the terminal's width"
complete -c smp -s h -l help -d 'Print help'
complete -c smp -l no-pager -d 'Never send a long listing through a pager'
complete -c smp -l raw -d 'csv and tsv cells as stored, formulas and all'
complete -c smp -l version -d 'Print the version, copyright and licence'

# ---- smp init --------------------------------------------------------------------------
__smp_command smp init 'Create the records file'

# ---- smp client ------------------------------------------------------------------------
__smp_command smp client 'Add, list, show, edit, archive, remove clients; consent, screening'
__smp_command 'smp client' add 'Add a client'
__smp_command 'smp client' list 'List clients (active ones unless told otherwise)'
__smp_command 'smp client' show "Show a client's whole profile"
__smp_command 'smp client' edit "Change a client's profile"
__smp_command 'smp client' archive 'Archive a client (kept, but not listed or due)'
__smp_command 'smp client' unarchive 'Make an archived client active again'
__smp_command 'smp client' remove 'Delete a client for good (asks first)'
__smp_command 'smp client' consent 'Record a signed consent, or its withdrawal'
__smp_command 'smp client' screen 'Record a health screening and its date'
__smp_command 'smp client' export 'Everything smp holds about one client, as JSON'
__smp_command 'smp client' forget "Erase a client's personal data for good (asks first)"
__smp_command 'smp client' duplicates 'List clients who are likely one person entered twice'
__smp_command 'smp client' merge "Make two clients one: move OTHER's records to KEEP and remove OTHER (asks first)"

set -a __smp_value_options --phone --email --birth-date --dob --skin-type --undertone \
    --hair-colour --hair-color --norwood --ludwig --condition --contraindication \
    --medical-notes --notes --name --clear --search --planned-sessions --kind --signed --form \
    --withdraw --date --document --inactive-since --output -o

# The profile options of add and edit.
set -l profile "__smp_at 'smp client add' 'smp client edit'"
complete -c smp -n $profile -l phone -x -d 'Phone number'
complete -c smp -n $profile -l email -x -d 'Email address'
complete -c smp -n $profile -l birth-date -l dob -x -d 'Date of birth (YYYY-MM-DD)'
complete -c smp -n $profile -l skin-type -x -a '(__smp_values "client add" --skin-type)' -d 'Fitzpatrick skin type'
complete -c smp -n $profile -l undertone -x -a '(__smp_values "client add" --undertone)' -d 'Skin undertone'
complete -c smp -n $profile -l hair-colour -l hair-color -x \
    -a '(__smp_values "client add" --hair-colour)' -d 'Hair colour'
complete -c smp -n $profile -l norwood -x -a '(__smp_values "client add" --norwood)' -d 'Norwood stage'
complete -c smp -n $profile -l ludwig -x -a '(__smp_values "client add" --ludwig)' -d 'Ludwig stage'
complete -c smp -n $profile -l condition -x \
    -a '(__smp_values "client add" --condition)' \
    -d Condition
complete -c smp -n $profile -l contraindication -x -d 'Contraindication flags, comma-separated' \
    -a '(__fish_append , (__smp_values "client add" --contraindication))'
complete -c smp -n $profile -l medical-notes -x -d 'Allergies, medication, other health notes'
complete -c smp -n $profile -l notes -x -d 'Free-text notes'
complete -c smp -n $profile -l reminders -d 'Reminders may be sent (the default)'
complete -c smp -n $profile -l no-reminders -d 'Never send this client reminders'
complete -c smp -n $profile -l service-messages -d 'Booking reminders, confirmations and aftercare may be sent'
complete -c smp -n $profile -l no-service-messages -d 'Never send this client messages about their sessions'

complete -c smp -n "__smp_at 'smp client list'" -l archived -d 'Only archived clients'
complete -c smp -n "__smp_at 'smp client list'" -l all -d 'Active and archived clients'
complete -c smp -n "__smp_at 'smp client list'" -l search -x \
    -d 'Only clients whose name, phone, email or notes contain TEXT'

complete -c smp -n "__smp_at 'smp client edit'" -l name -x -d 'New name'
complete -c smp -n $profile -l planned-sessions -x -a '(seq 1 20)' \
    -d 'Sessions in the course'
complete -c smp -n "__smp_at 'smp client edit'" -l clear -x -d 'Clear fields, comma-separated' \
    -a '(__fish_append , (__smp_values "client edit" --clear))'

complete -c smp -n "__smp_at 'smp client remove'" -l with-sessions \
    -d "Also delete the client's sessions and consents"
complete -c smp -n "__smp_at 'smp client list'" -l inactive-since -x \
    -d 'Only clients with nothing done or booked in the last SPAN'
complete -c smp -n "__smp_at 'smp client export'" -s o -l output -r -F -d 'Write to FILE (mode 0600)'
complete -c smp -n "__smp_at 'smp client forget'" -l purge -d "Also delete the client's sessions"
complete -c smp -n "__smp_at 'smp client merge'" -l take -x -d 'Take these fields from OTHER' \
    -a '(__fish_append , (__smp_values "client merge" --take))'
complete -c smp -n "__smp_at 'smp client merge'" -s n -l dry-run -d 'Show the plan; change nothing'
complete -c smp -n "__smp_at 'smp client merge'; and test \$__smp_npositional -lt 2" -a '(__smp_clients)' -d Client

set -l consent "__smp_at 'smp client consent'"
complete -c smp -n $consent -l kind -x -a '(__smp_values "client consent" --kind)' -d 'Kind of consent'
complete -c smp -n $consent -l signed -x -a 'today yesterday' -d 'The day it was signed'
complete -c smp -n $consent -l form -x -d 'Version of the consent form'
complete -c smp -n $consent -l document -r -F -d 'The signed document'
complete -c smp -n $consent -l withdraw -x -a 'today yesterday' \
    -d 'Record a withdrawal on DATE (default today)'

set -l screen "__smp_at 'smp client screen'"
complete -c smp -n $screen -l contraindication -x -d 'Contraindications found, comma-separated' \
    -a '(__fish_append , (__smp_values "client add" --contraindication))'
complete -c smp -n $screen -l none -d 'No contraindications found'
complete -c smp -n $screen -l medical-notes -x -d 'Allergies, medication, other health notes'
complete -c smp -n $screen -l date -x -a 'today yesterday' -d 'The day of the screening'
complete -c smp -n $screen -l reviewed -x -d 'Contraindications reviewed, comma-separated' \
    -a '(__fish_append , (__smp_values "client add" --contraindication))'
complete -c smp -n $screen -l patch-test -x -a 'today yesterday' -d 'Day of a patch test'
complete -c smp -n $screen -l patch-result -x -a 'ok reaction' -d "The patch test's result"
complete -c smp -n $screen -l lot -x -a '(__smp_lots)' -d 'The lot the patch test used'

complete -c smp -n "__smp_at 'smp client show' 'smp client edit' 'smp client archive' \
    'smp client unarchive' 'smp client remove' 'smp client consent' 'smp client screen' \
    'smp client export' 'smp client forget'; \
    and __smp_no_argument_yet" \
    -a '(__smp_clients)' -d Client

# ---- smp session -----------------------------------------------------------------------
__smp_command smp session 'Log, book, move, cancel and list treatment sessions'
__smp_command 'smp session' log 'Record a session that took place (default: today)'
__smp_command 'smp session' plan 'Book a future session'
__smp_command 'smp session' done 'Mark a booked session as done'
__smp_command 'smp session' cancel 'Cancel a booked session, or record a no-show'
__smp_command 'smp session' move 'Reschedule a booked session'
__smp_command 'smp session' list 'List sessions, newest first'
__smp_command 'smp session' show 'Show one session in full'
__smp_command 'smp session' edit "Change a session's details"
__smp_command 'smp session' remove 'Delete a session for good (asks first)'
__smp_command 'smp session' aftercare 'Print the aftercare sheet to hand over (text or html)'
__smp_command 'smp session' passport 'Print the ink passport: the pigment lots used (text or html)'

set -a __smp_value_options --time --duration --area --needle --depth --machine --voltage \
    --numbing --pain --price --shade --lot --dilution --reason --client --from --to --status

# The details of log, plan, done and edit.
set -l details "__smp_at 'smp session log' 'smp session plan' 'smp session done' 'smp session edit'"
complete -c smp -n $details -l date -x -d 'The day of the session'
complete -c smp -n $details -l time -x -d 'Start time, HH:MM (24-hour)'
complete -c smp -n $details -l duration -x -d 'How long, e.g. 3h, 2h30min, 150min'
complete -c smp -n $details -l area -x -d 'Areas worked, comma-separated' \
    -a '(__fish_append , (__smp_values "session log" --area))'
complete -c smp -n $details -l needle -x -d 'Needle: count, configuration, diameter'
complete -c smp -n $details -l depth -x -d 'Estimated depth in mm'
complete -c smp -n $details -l machine -x -d 'Machine used'
complete -c smp -n $details -l voltage -x -d 'Machine voltage'
complete -c smp -n $details -l numbing -x -d 'Numbing agent'
complete -c smp -n $details -l pain -x -d 'Pain the client reported, 0-10'
complete -c smp -n $details -l price -x -d 'Price'
complete -c smp -n $details -l notes -x -d 'Healing, reaction and other notes'
complete -c smp -n $details -l kind -x -a '(__smp_values "session log" --kind)' -d 'Kind of session'
complete -c smp -n $details -l final -d 'This session finishes the course'
complete -c smp -n $details -l shade -x -a '(__smp_shades)' -d 'Pigment shade used'
complete -c smp -n $details -l lot -x -a '(__smp_lots)' -d 'Lot used, repeatable'
complete -c smp -n $details -l dilution -x -d 'Dilution water:pigment, e.g. 6:1'
complete -c smp -n $details -l strict -d 'Refuse instead of warning'
complete -c smp -n "__smp_at 'smp session edit'" -l clear -x -d 'Clear fields, comma-separated' \
    -a '(__fish_append , (__smp_values "session edit" --clear))'

complete -c smp -n "__smp_at 'smp session cancel'" -l no-show -d 'The client did not come'
complete -c smp -n "__smp_at 'smp session cancel'" -l reason -x -d 'Why it was cancelled'
complete -c smp -n "__smp_at 'smp session cancel'" -l fee -x -d 'Charge this fee'
complete -c smp -n "__smp_at 'smp session cancel'" -l no-fee -d 'Charge no fee'

complete -c smp -n "__smp_at 'smp session aftercare' 'smp session passport'" -l output -r -F \
    -d 'Write it to FILE (a new file), not the screen'
complete -c smp -n "__smp_at 'smp session aftercare'" -l given \
    -d 'Record that it was handed over in person'
complete -c smp -n "__smp_at 'smp session aftercare'" -l date -x \
    -d 'With --given: the day it was given'
complete -c smp -n "__smp_at 'smp session move'" -l date -x -d 'The new day'
complete -c smp -n "__smp_at 'smp session move'" -l time -x -d 'The new start time, HH:MM'

set -l session_list "__smp_at 'smp session list'"
complete -c smp -n $session_list -l client -x -a '(__smp_clients)' -d "Only this client's sessions"
complete -c smp -n $session_list -l from -x -d 'Only sessions on or after DATE'
complete -c smp -n $session_list -l to -x -d 'Only sessions on or before DATE'
complete -c smp -n $session_list -l status -x -a '(__smp_values "session list" --status)' -d Status
complete -c smp -n $session_list -l kind -x -a '(__smp_values "session log" --kind)' -d 'Kind of session'

complete -c smp -n "__smp_at 'smp session log' 'smp session plan'; and __smp_no_argument_yet" \
    -a '(__smp_clients)' -d Client

# ---- smp photo -------------------------------------------------------------------------
__smp_command smp photo 'Before-and-after photos, kept private beside the records'
__smp_command 'smp photo' add 'Keep photos of a client in the private photo folder'
__smp_command 'smp photo' list 'List photos by client and day taken'
__smp_command 'smp photo' show "Show one photo's record and its file's path"
__smp_command 'smp photo' open 'Open a photo with $SMP_OPENER, else xdg-open'
__smp_command 'smp photo' remove "Delete a photo's record, and its file unless another record uses it"
__smp_command 'smp photo' sheet "One printable HTML page of a client's photos, side by side"
set -a __smp_value_options --stage
complete -c smp -n "__smp_at 'smp photo sheet'" -s o -l output -r -F -d 'Write to FILE (mode 0600)'
complete -c smp -n "__smp_at 'smp photo sheet'; and __smp_no_argument_yet" -a '(__smp_clients)' \
    -d Client
set -l photo_add "__smp_at 'smp photo add'"
complete -c smp -n $photo_add -l session -x -d 'The session they show'
complete -c smp -n $photo_add -l area -x -d 'Areas shown, comma-separated' \
    -a '(__fish_append , (__smp_values "photo add" --area))'
complete -c smp -n $photo_add -l date -x -d 'The day taken when the picture has no EXIF date'
complete -c smp -n $photo_add -l note -x -d 'A note'
complete -c smp -n "$photo_add; and __smp_no_argument_yet" -a '(__smp_clients)' -d Client
set -l photo_stage "__smp_at 'smp photo add' 'smp photo list'"
complete -c smp -n $photo_stage -l stage -x -a '(__smp_values "photo list" --stage)' \
    -d 'Stage of the photo'
set -l photo_list "__smp_at 'smp photo list'"
complete -c smp -n $photo_list -l client -x -a '(__smp_clients)' -d "Only this client's photos"
complete -c smp -n $photo_list -l session -x -d 'Only photos of this session'

# ---- smp payment -----------------------------------------------------------------------
__smp_command smp payment 'Deposits, payments, refunds and fees; who owes what'
__smp_command 'smp payment' add 'Record money taken, given back or charged'
__smp_command 'smp payment' list 'List payments by date, or who owes money'
__smp_command 'smp payment' show 'Show one payment in full'
__smp_command 'smp payment' edit "Change a payment's details"
__smp_command 'smp payment' remove 'Delete a payment for good (asks first)'
__smp_command 'smp payment' receipt 'Print a receipt for a payment (text, or a printable HTML page)'

set -a __smp_value_options --session --method --reference --note --amount --fee

set -l payment_add "__smp_at 'smp payment add'"
complete -c smp -n $payment_add -l deposit -d 'A deposit taken for a booking'
complete -c smp -n $payment_add -l refund -d 'Money given back to the client'
complete -c smp -n $payment_add -l fee -d 'A fee charged, not money taken'
set -l payment_details "__smp_at 'smp payment add' 'smp payment edit'"
complete -c smp -n $payment_details -l session -x -d 'The session it is for'
complete -c smp -n $payment_details -l method -x -a '(__smp_values "payment add" --method)' \
    -d 'How it was paid'
complete -c smp -n $payment_details -l date -x -d 'The day it was paid'
complete -c smp -n $payment_details -l reference -x -d 'A card slip or transfer reference'
complete -c smp -n $payment_details -l note -x -d 'A note'
set -l payment_edit "__smp_at 'smp payment edit'"
complete -c smp -n $payment_edit -l amount -x -d 'Another amount'
complete -c smp -n $payment_edit -l kind -x -a '(__smp_values "payment edit" --kind)' \
    -d 'Kind of payment'
complete -c smp -n $payment_edit -l clear -x -d 'Clear fields, comma-separated' \
    -a '(__fish_append , (__smp_values "payment edit" --clear))'
set -l payment_list "__smp_at 'smp payment list'"
complete -c smp -n $payment_list -l client -x -a '(__smp_clients)' -d "Only this client's payments"
complete -c smp -n $payment_list -l from -x -d 'Only payments on or after DATE'
complete -c smp -n $payment_list -l to -x -d 'Only payments on or before DATE'
complete -c smp -n $payment_list -l method -x -a '(__smp_values "payment list" --method)' \
    -d 'Only payments made this way'
complete -c smp -n $payment_list -l kind -x -a '(__smp_values "payment list" --kind)' \
    -d 'Kind of payment'
complete -c smp -n $payment_list -l owing -d 'List the clients who owe money instead'
complete -c smp -n "$payment_add; and __smp_no_argument_yet" -a '(__smp_clients)' -d Client
complete -c smp -n "__smp_at 'smp payment receipt'" -l output -r -F \
    -d 'Write it to FILE, never over an existing file'

# ---- smp shade -------------------------------------------------------------------------
__smp_command smp shade 'Pigment shades, lots, recalls and dilutions'
__smp_command 'smp shade' add 'Add a shade to the catalogue'
__smp_command 'smp shade' list 'List shades (retired ones with --all)'
__smp_command 'smp shade' show 'Show a shade with its lots'
__smp_command 'smp shade' edit 'Change a shade'
__smp_command 'smp shade' retire 'Stop offering a shade (kept in history)'
__smp_command 'smp shade' unretire 'Offer a retired shade again'
__smp_command 'smp shade' lot 'Lots (batches) of a shade'
__smp_command 'smp shade lot' add 'Add a lot of a shade'
__smp_command 'smp shade lot' edit "Change a lot's bottles or bottle size"
__smp_command 'smp shade lot' open 'Record a bottle of a lot opened'
__smp_command 'smp shade lot' list 'List lots'
__smp_command 'smp shade' trace 'Every client and session that received a lot'
__smp_command 'smp shade' recall 'Mark a lot recalled and list who received it'
__smp_command 'smp shade' mix 'Millilitres of pigment and water for a dilution'
__smp_command 'smp shade' suggest 'A starting dilution for a client'

set -a __smp_value_options --brand --base --expires --received --opened --supplier --expiring \
    --volume

set -l shade_details "__smp_at 'smp shade add' 'smp shade edit'"
complete -c smp -n "__smp_at 'smp shade edit'" -l name -x -d 'New name'
complete -c smp -n $shade_details -l brand -x -d 'Maker and product'
complete -c smp -n $shade_details -l base -x -a '(__smp_values "shade add" --base)' -d Base
complete -c smp -n $shade_details -l dilution -x -d 'Usual dilution water:pigment, e.g. 6:1'
complete -c smp -n $shade_details -l notes -x -d 'Free-text notes'
complete -c smp -n "__smp_at 'smp shade edit'" -l clear -x -d 'Clear fields, comma-separated' \
    -a '(__fish_append , (__smp_values "shade edit" --clear))'

complete -c smp -n "__smp_at 'smp shade list'" -l all -d 'Include retired shades'

set -l lot_add "__smp_at 'smp shade lot add'"
complete -c smp -n $lot_add -l expires -x -d 'Expiry: YYYY-MM or YYYY-MM-DD'
complete -c smp -n $lot_add -l received -x -d 'Day it arrived'
complete -c smp -n $lot_add -l opened -x -d 'Day the bottle was opened'
complete -c smp -n $lot_add -l supplier -x -d 'Who supplied it'
complete -c smp -n $lot_add -l bottles -x -d 'Bottles received'
complete -c smp -n $lot_add -l size -x -d "Each bottle's size in millilitres, e.g. 15ml"
complete -c smp -n "__smp_at 'smp shade lot edit'" -l bottles -x -d 'Bottles received (empty: not counted)'
complete -c smp -n "__smp_at 'smp shade lot edit'" -l size -x -d "Each bottle's size in ml (empty: clear)"
complete -c smp -n "__smp_at 'smp shade lot open'" -l date -x -d 'Day it was opened (default today)'
complete -c smp -n "__smp_at 'smp shade lot open'" -l undo -d 'Take back the latest bottle recorded opened'

set -l lot_list "__smp_at 'smp shade lot list'"
complete -c smp -n $lot_list -l shade -x -a '(__smp_shades)' -d "Only this shade's lots"
complete -c smp -n $lot_list -l expiring -x -d 'Only lots expiring within SPAN (e.g. 60d)'
complete -c smp -n $lot_list -l expired -d 'Only expired lots'
complete -c smp -n $lot_list -l recalled -d 'Only recalled lots'

complete -c smp -n "__smp_at 'smp shade recall'" -l reason -x -d 'Why (e.g. the advisory)'
complete -c smp -n "__smp_at 'smp shade recall'" -l date -x -d 'Day of the recall (default today)'

complete -c smp -n "__smp_at 'smp shade mix'" -l dilution -x -d 'water:pigment, e.g. 6:1'
complete -c smp -n "__smp_at 'smp shade mix'" -l volume -x -d 'Total millilitres to mix'

complete -c smp -n "__smp_at 'smp shade suggest'; and __smp_no_argument_yet" \
    -a '(__smp_clients)' -d Client

# Not unretire: only a retired shade can be unretired, and __smp_shades leaves them out.
complete -c smp -n "__smp_at 'smp shade show' 'smp shade edit' 'smp shade retire' \
    'smp shade lot add'; and __smp_no_argument_yet" \
    -a '(__smp_shades)' -d Shade
complete -c smp -n "__smp_at 'smp shade trace' 'smp shade recall' 'smp shade lot open' \
    'smp shade lot edit'; \
    and __smp_no_argument_yet" \
    -a '(__smp_lots)' -d Lot

# ---- smp touchup -----------------------------------------------------------------------
__smp_command smp touchup 'Who is due for a follow-up or touch-up, reminders and the calendar'
__smp_command 'smp touchup' due 'Clients due for a follow-up or touch-up (exit 1 when none)'
__smp_command 'smp touchup' list "Every client's next due date and why"
__smp_command 'smp touchup' set "Set a client's touch-up interval or date"
__smp_command 'smp touchup' snooze 'Keep a client off the due list until a date'
__smp_command 'smp touchup' remind 'Send each due client one reminder (for cron)'
__smp_command 'smp touchup' calendar 'Due dates and booked sessions as an iCalendar file'

set -a __smp_value_options --within --kind --every --due --until --template --message --channel \
    --exec --exec-timeout --days
set -l due_options "__smp_at 'smp touchup due' 'smp touchup remind'"
complete -c smp -n "__smp_at 'smp touchup due' 'smp touchup remind' 'smp touchup calendar'" \
    -l within -x -d 'Due on or before today + SPAN (e.g. 30d)'
complete -c smp -n $due_options -l kind -x -a '(__smp_values "touchup due" --kind)' -d 'Which kind'
complete -c smp -n $due_options -l overdue -d 'Only clients who are overdue'
set -l touchup_set "__smp_at 'smp touchup set'"
complete -c smp -n $touchup_set -l every -x -d 'Touch-up this long after the last session'
complete -c smp -n $touchup_set -l due -x -d 'Pin the next touch-up to this date'
complete -c smp -n $touchup_set -l clear -d "Back to the practice's interval"
complete -c smp -n "__smp_at 'smp touchup snooze'" -l until -x -d 'First day they are due again'
complete -c smp -n "__smp_at 'smp touchup snooze'" -l clear -d 'Stop snoozing'
set -l remind "__smp_at 'smp touchup remind'"
complete -c smp -n $remind -l template -r -F -d 'Message template file'
complete -c smp -n $remind -l message -x -d 'Message template text'
complete -c smp -n "__smp_at 'smp touchup due'" -l lapsed -d 'Only the clients no longer reminded'
complete -c smp -n "__smp_at 'smp touchup set' 'smp touchup snooze'; and __smp_no_argument_yet" \
    -a '(__smp_clients)' -d Client

# ---- smp export ------------------------------------------------------------------------
__smp_command smp export 'Write records as csv, tsv or json for an accountant or a spreadsheet'
__smp_command 'smp export' clients 'Every client, archived ones too'
__smp_command 'smp export' sessions 'Every session, with its client'
__smp_command 'smp export' shades 'Every pigment shade'
__smp_command 'smp export' lots 'Every pigment lot, with its shade and status'
__smp_command 'smp export' consents 'Every consent signed, with its client'
__smp_command 'smp export' reminders 'Every reminder sent'
__smp_command 'smp export' payments 'Every deposit, payment, refund and fee, with its client'
__smp_command 'smp export' attempts 'Every try of a --exec send command'
__smp_command 'smp export' erasures 'Every erasure by client forget (uuids and days only)'
__smp_command 'smp export' all 'Every kind, one file each, plus MANIFEST.txt, into a folder'

set -a __smp_value_options -o --output
set -l export_kinds "__smp_at 'smp export clients' 'smp export sessions' 'smp export shades' \
    'smp export lots' 'smp export consents' 'smp export reminders' 'smp export payments' \
    'smp export attempts' 'smp export erasures'"
complete -c smp -n $export_kinds -s o -l output -r -F -d 'Write to FILE instead of standard output'
complete -c smp -n "__smp_at 'smp export all'" -s o -l output -x -a '(__fish_complete_directories)' \
    -d 'Folder to write the files into'
set -l export_any "$export_kinds 'smp export all'"
complete -c smp -n $export_any -l crlf -d 'End rows with CR LF (for spreadsheet programs)'
complete -c smp -n $export_any -l bom -d 'Start with a UTF-8 byte order mark (for Excel)'
complete -c smp -n $export_any -l raw -d 'Do not neutralise text a spreadsheet would run as a formula'
set -l export_dated "__smp_at 'smp export sessions' 'smp export payments'"
complete -c smp -n $export_dated -l from -x -d 'Only records dated on or after DATE'
complete -c smp -n $export_dated -l to -x -d 'Only records dated on or before DATE'

# ---- smp remind ------------------------------------------------------------------------
__smp_command smp remind 'Send each message due, once: bookings, aftercare, recalls'
complete -c smp -n "__smp_at 'smp remind'" -l kind -x -a '(__smp_values remind --kind)' \
    -d 'Only these kinds'
# The ways to send, shared with `smp touchup remind` (add_send_options).
set -l send "__smp_at 'smp remind' 'smp touchup remind'"
complete -c smp -n $send -l channel -x -a '(__smp_values remind --channel)' -d 'How to send'
complete -c smp -n $send -l exec -x -d 'Send each message by running CMD'
complete -c smp -n $send -l exec-timeout -x -d 'Stop a --exec command after SPAN (e.g. 90s)'
complete -c smp -n $send -l dry-run -d 'Show what would be sent; record nothing'
complete -c smp -n $send -l resend -d 'Send even if already sent'
complete -c smp -n $send -l mark-sent -d 'Record the printed messages as sent without asking'
complete -c smp -n "__smp_at 'smp remind'" -l list -d 'Show what would go out (as --dry-run)'
complete -c smp -n "__smp_at 'smp remind'" -l retry-unfinished \
    -d 'Send again the messages a run that stopped left unfinished'

# ---- smp report ------------------------------------------------------------------------
__smp_command smp report 'Money taken, sessions and no-show rates per period'
set -a __smp_value_options --by
complete -c smp -n "__smp_at 'smp report'" -l from -x -d 'First day'
complete -c smp -n "__smp_at 'smp report'" -l to -x -d 'Last day'
complete -c smp -n "__smp_at 'smp report'" -l by -x -a '(__smp_values report --by)' \
    -d 'One row per period'
complete -c smp -n "__smp_at 'smp report'" -l chart -d 'Draw money taken and sessions done as text bars'

# ---- smp agenda ------------------------------------------------------------------------
__smp_command smp agenda 'Today at a glance: sessions, follow-ups, touch-ups and lots'
complete -c smp -n "__smp_at 'smp agenda'" -l days -x -d 'Booked sessions from today to N days ahead'

# ---- smp import ------------------------------------------------------------------------
__smp_command smp import 'Add or update records from a CSV or TSV file, all or nothing'
set -a __smp_value_options --map --delimiter --match
set -l import "__smp_at 'smp import'"
complete -c smp -n "$import; and test \$__smp_npositional -eq 0" -a 'clients sessions shades lots consents reminders attempts payments erasures all' -d 'What the file holds'
complete -c smp -n "$import; and test \$__smp_npositional -eq 1" -F
complete -c smp -n $import -s n -l dry-run -d 'Check every row and say what would change; write nothing'
complete -c smp -n $import -l map -x -d 'Read column COLUMN as field FIELD (FIELD - ignores it)'
complete -c smp -n $import -l delimiter -x -a 'tab , \;' -d 'Field separator: one character, or tab'
complete -c smp -n $import -l match -x -a 'name,phone name,email' -d "A row with a client's name and phone or email updates that client"
complete -c smp -n $import -l allow-duplicates -d 'Add rows that repeat a client or a session as new records'
# ---- smp backup, restore, check --------------------------------------------------------
__smp_command smp backup 'Copy the records file safely, even while in use'
__smp_command smp restore 'Replace the records file with a checked backup; the old one is kept'
__smp_command smp check "Check the file's integrity and smp's own rules; never writes"
complete -c smp -n "__smp_at 'smp check'" -l strict -d 'Count bookings never closed as problems'
__smp_command smp help "Show a command's manual page (its --help where man is missing)"
complete -c smp -f -n "__smp_at 'smp help'; and __smp_no_argument_yet" -a 'init client session shade touchup agenda import export backup restore check config' -d 'Manual page'
complete -c smp -n "__smp_at 'smp backup' 'smp restore'; and __smp_no_argument_yet" -F
