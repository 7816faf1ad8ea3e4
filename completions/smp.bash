# bash completion for smp                                      -*- shell-script -*-
#
# Installed as bash-completion/completions/smp. Works with or without the bash-completion
# package. The command tree is described by the tables below, one block per top-level
# command; the functions after them only read the tables. To add a command, add a block:
#
#   _smp_subcommands[PATH]   the subcommands of PATH (a command path such as "smp client")
#   _smp_options[PATH]       the options of PATH; a trailing "=" marks one that takes a value.
#                            Global options (the "smp" entry) are valid at every level.
#   _smp_positionals[PATH]   what each positional argument is, in order: @client (a client
#                            name), @shade (a shade name), @lot (a lot number), @file,
#                            @import-kind (what `smp import` reads), @help-topic (a command
#                            or config, for `smp help`), or @text (free text:
#                            nothing to offer)
#   _smp_values[PATH OPTION] the values of an option that takes one: a list of words, @file,
#                            @client, @shade, @lot, or "@list WORDS..." for a comma-separated
#                            list; @values (or @values-list, comma-separated) asks
#                            `smp _complete values COMMAND OPTION` for smp's own closed sets.
#                            Looked up on the command, then its parents, then "smp".
#
# A new top-level command also goes into _smp_subcommands[smp].

# Declared global (-g): bash-completion sources this file from inside a function.
declare -gA _smp_subcommands=() _smp_options=() _smp_positionals=() _smp_values=()

# ---- smp (global options, valid before or after any command) --------------------------
_smp_subcommands[smp]='init client session shade payment report photo touchup remind agenda export import backup
                       restore check help'
_smp_options[smp]='-f= --file= --config= --format= --as-of= --color= -q --quiet -y --yes
                   --columns= --wide --no-pager --raw -h --help --version'
_smp_values[smp -f]=@file
_smp_values[smp --file]=@file
_smp_values[smp --config]=@file
_smp_values[smp --format]=@values
_smp_values[smp --as-of]='today yesterday tomorrow'
_smp_values[smp --color]=@values

# ---- smp init --------------------------------------------------------------------------
_smp_options[smp init]=''

# ---- smp client ------------------------------------------------------------------------
_smp_subcommands[smp client]='add list show edit archive unarchive remove consent screen export forget duplicates merge'
_smp_options[smp client]=''
_smp_client_profile='--phone= --email= --birth-date= --dob= --skin-type= --undertone=
                     --hair-colour= --hair-color= --norwood= --ludwig= --condition=
                     --contraindication= --medical-notes= --notes= --reminders --no-reminders
                     --service-messages --no-service-messages'
_smp_options[smp client add]="--planned-sessions= $_smp_client_profile"
_smp_positionals[smp client add]=@text
_smp_options[smp client list]='--archived --all --search= --inactive-since='
_smp_options[smp client show]=''
_smp_positionals[smp client show]=@client
_smp_options[smp client edit]="--name= --planned-sessions= $_smp_client_profile --clear="
_smp_positionals[smp client edit]=@client
_smp_options[smp client archive]=''
_smp_positionals[smp client archive]=@client
_smp_options[smp client unarchive]=''
_smp_positionals[smp client unarchive]=@client
_smp_options[smp client remove]='--with-sessions'
_smp_positionals[smp client remove]=@client
_smp_options[smp client export]='--output='
_smp_positionals[smp client export]=@client
_smp_values[smp client export --output]=@file
_smp_options[smp client forget]='--purge'
_smp_positionals[smp client forget]=@client
_smp_options[smp client duplicates]=''
_smp_options[smp client merge]='--take= -n --dry-run'
_smp_positionals[smp client merge]='@client @client'
_smp_values[smp client merge --take]=@values-list
_smp_options[smp client consent]='--kind= --signed= --form= --document= --withdraw='
_smp_positionals[smp client consent]=@client
_smp_options[smp client screen]='--contraindication= --none --medical-notes= --date= --reviewed=
                                  --patch-test= --patch-result= --lot='
_smp_positionals[smp client screen]=@client
_smp_values[smp client --skin-type]=@values
_smp_values[smp client --undertone]=@values
_smp_values[smp client --hair-colour]=@values
_smp_values[smp client --hair-color]=@values
_smp_values[smp client --norwood]=@values
_smp_values[smp client --ludwig]=@values
_smp_values[smp client --condition]=@values
_smp_values[smp client --contraindication]='@values-list'
_smp_values[smp client --planned-sessions]='1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18
                                            19 20'
_smp_values[smp client edit --clear]='@values-list'
_smp_values[smp client consent --kind]=@values
_smp_values[smp client consent --signed]='today yesterday'
_smp_values[smp client consent --withdraw]='today yesterday'
_smp_values[smp client consent --document]=@file
_smp_values[smp client screen --date]='today yesterday'
_smp_values[smp client screen --reviewed]=${_smp_values[smp client --contraindication]}
_smp_values[smp client screen --patch-test]='today yesterday'
_smp_values[smp client screen --patch-result]='ok reaction'
_smp_values[smp client screen --lot]=@lot

unset _smp_client_profile

# ---- smp session -----------------------------------------------------------------------
_smp_subcommands[smp session]='log plan done cancel move list show edit remove aftercare
                              passport'
_smp_options[smp session]=''
_smp_session_details='--date= --time= --duration= --area= --needle= --depth= --machine=
                      --voltage= --numbing= --pain= --price= --notes= --kind= --final --shade=
                      --lot= --dilution= --strict'
_smp_options[smp session log]=$_smp_session_details
_smp_positionals[smp session log]=@client
_smp_options[smp session plan]=$_smp_session_details
_smp_positionals[smp session plan]=@client
_smp_options[smp session done]=$_smp_session_details
_smp_positionals[smp session done]=@text
_smp_options[smp session cancel]='--no-show --reason= --fee= --no-fee'
_smp_positionals[smp session cancel]=@text
_smp_options[smp session move]='--date= --time='
_smp_positionals[smp session move]=@text
_smp_options[smp session list]='--client= --from= --to= --status= --kind='
_smp_options[smp session show]=''
_smp_positionals[smp session show]=@text
_smp_options[smp session edit]="$_smp_session_details --clear="
_smp_positionals[smp session edit]=@text
_smp_options[smp session remove]=''
_smp_positionals[smp session remove]=@text
_smp_options[smp session aftercare]='--output= --given --date='
_smp_positionals[smp session aftercare]=@text
_smp_values[smp session aftercare --output]=@file
_smp_values[smp session aftercare --date]='today yesterday'
_smp_options[smp session passport]='--output='
_smp_positionals[smp session passport]=@text
_smp_values[smp session passport --output]=@file
_smp_values[smp session --area]='@values-list'
_smp_values[smp session --kind]=@values
_smp_values[smp session list --client]=@client
_smp_values[smp session --shade]=@shade
_smp_values[smp session --lot]=@lot
_smp_values[smp session list --status]=@values
_smp_values[smp session edit --clear]='@values-list'

unset _smp_session_details

# ---- smp photo -------------------------------------------------------------------------
_smp_subcommands[smp photo]='add list show open remove sheet'
_smp_options[smp photo]=''
_smp_options[smp photo add]='--session= --stage= --area= --date= --note='
_smp_positionals[smp photo add]='@client @file'
_smp_options[smp photo list]='--client= --session= --stage='
_smp_options[smp photo show]=''
_smp_positionals[smp photo show]=@text
_smp_options[smp photo open]=''
_smp_positionals[smp photo open]=@text
_smp_options[smp photo remove]=''
_smp_positionals[smp photo remove]=@text
_smp_options[smp photo sheet]='-o= --output='
_smp_positionals[smp photo sheet]=@client
_smp_values[smp photo sheet -o]=@file
_smp_values[smp photo sheet --output]=@file
_smp_values[smp photo --stage]=@values
_smp_values[smp photo add --area]='@values-list'
_smp_values[smp photo list --client]=@client

# ---- smp payment -----------------------------------------------------------------------
_smp_subcommands[smp payment]='add list show edit remove receipt'
_smp_options[smp payment]=''
_smp_payment_details='--session= --method= --date= --reference= --note='
_smp_options[smp payment add]="--deposit --refund --fee $_smp_payment_details"
_smp_positionals[smp payment add]='@client @text'
_smp_options[smp payment list]='--client= --from= --to= --method= --kind= --owing'
_smp_options[smp payment show]=''
_smp_positionals[smp payment show]=@text
_smp_options[smp payment edit]="--amount= --kind= $_smp_payment_details --clear="
_smp_positionals[smp payment edit]=@text
_smp_options[smp payment remove]=''
_smp_positionals[smp payment remove]=@text
_smp_options[smp payment receipt]='--output='
_smp_positionals[smp payment receipt]=@text
_smp_values[smp payment --method]=@values
_smp_values[smp payment --kind]=@values
_smp_values[smp payment list --client]=@client
_smp_values[smp payment edit --clear]='@values-list'

unset _smp_payment_details

# ---- smp shade -------------------------------------------------------------------------
_smp_subcommands[smp shade]='add list show edit retire unretire lot trace recall mix suggest'
_smp_options[smp shade]=''
_smp_options[smp shade add]='--brand= --base= --dilution= --notes='
_smp_positionals[smp shade add]=@text
_smp_options[smp shade list]='--all'
_smp_options[smp shade show]=''
_smp_positionals[smp shade show]=@shade
_smp_options[smp shade edit]='--name= --brand= --base= --dilution= --notes= --clear='
_smp_positionals[smp shade edit]=@shade
_smp_options[smp shade retire]=''
_smp_positionals[smp shade retire]=@shade
_smp_options[smp shade unretire]=''
# Not @shade: only a retired shade can be unretired, and `smp _complete shades` leaves
# retired shades out.
_smp_positionals[smp shade unretire]=@text
_smp_subcommands[smp shade lot]='add edit open list'
_smp_options[smp shade lot]=''
_smp_options[smp shade lot add]='--expires= --received= --opened= --supplier= --bottles= --size='
_smp_positionals[smp shade lot add]='@shade @text'
_smp_options[smp shade lot edit]='--bottles= --size='
_smp_positionals[smp shade lot edit]=@lot
_smp_options[smp shade lot open]='--date= --undo'
_smp_positionals[smp shade lot open]=@lot
_smp_options[smp shade lot list]='--shade= --expiring= --expired --recalled'
_smp_options[smp shade trace]=''
_smp_positionals[smp shade trace]=@lot
_smp_options[smp shade recall]='--reason= --date='
_smp_positionals[smp shade recall]=@lot
_smp_options[smp shade mix]='--dilution= --volume='
_smp_options[smp shade suggest]=''
_smp_positionals[smp shade suggest]=@client
_smp_values[smp shade --base]=@values
_smp_values[smp shade lot list --shade]=@shade
_smp_values[smp shade edit --clear]='@values-list'

# ---- smp touchup -----------------------------------------------------------------------
_smp_subcommands[smp touchup]='due list set snooze remind calendar'
_smp_options[smp touchup]=''
_smp_options[smp touchup due]='--within= --kind= --overdue --lapsed'
_smp_options[smp touchup list]=''
_smp_options[smp touchup set]='--every= --due= --clear'
_smp_positionals[smp touchup set]=@client
_smp_options[smp touchup snooze]='--until= --clear'
_smp_positionals[smp touchup snooze]=@client
_smp_options[smp touchup remind]='--within= --kind= --overdue --template= --message= --channel=
                                  --exec= --exec-timeout= --dry-run --resend --mark-sent'
_smp_options[smp touchup calendar]='--within='
_smp_values[smp touchup --kind]=@values
_smp_values[smp touchup remind --template]=@file
_smp_values[smp touchup remind --channel]=@values

# ---- smp export ------------------------------------------------------------------------
_smp_subcommands[smp export]='clients sessions shades lots consents reminders payments attempts erasures all'
_smp_options[smp export]=''
_smp_options[smp export clients]='-o= --output= --crlf --bom --raw'
_smp_options[smp export sessions]='-o= --output= --crlf --bom --raw --from= --to='
_smp_options[smp export shades]='-o= --output= --crlf --bom --raw'
_smp_options[smp export lots]='-o= --output= --crlf --bom --raw'
_smp_options[smp export consents]='-o= --output= --crlf --bom --raw'
_smp_options[smp export reminders]='-o= --output= --crlf --bom --raw'
_smp_options[smp export payments]='-o= --output= --crlf --bom --raw --from= --to='
_smp_options[smp export attempts]='-o= --output= --crlf --bom --raw'
_smp_options[smp export erasures]='-o= --output= --crlf --bom --raw'
_smp_options[smp export all]='-o= --output= --crlf --bom --raw'
_smp_values[smp export -o]=@file
_smp_values[smp export --output]=@file

# ---- smp remind ------------------------------------------------------------------------
_smp_options[smp remind]='--kind= --channel= --exec= --exec-timeout= --dry-run --resend --mark-sent
                          --list --retry-unfinished'
_smp_values[smp remind --kind]=@values-list
_smp_values[smp remind --channel]=@values

# ---- smp report ------------------------------------------------------------------------
_smp_options[smp report]='--from= --to= --by= --chart'
_smp_values[smp report --by]=@values

# ---- smp agenda ------------------------------------------------------------------------
_smp_options[smp agenda]='--days='

# ---- smp import ------------------------------------------------------------------------
_smp_options[smp import]='-n --dry-run --map= --delimiter= --match= --allow-duplicates'
_smp_positionals[smp import]='@import-kind @file'
_smp_values[smp import --delimiter]='tab , ;'
_smp_values[smp import --match]='name,phone name,email'
# ---- smp backup, restore, check --------------------------------------------------------
_smp_options[smp backup]=''
_smp_positionals[smp backup]=@file
_smp_options[smp restore]=''
_smp_positionals[smp restore]=@file
_smp_options[smp check]='--strict'
# ---- smp help -------------------------------------------------------------------------
_smp_options[smp help]=''
_smp_positionals[smp help]=@help-topic

# ---- the machinery -----------------------------------------------------------------------

# Rebuilds the words of the line up to the cursor, joining what bash split at "=" and ":"
# (COMP_WORDBREAKS), so `--file=x` and `14:30` stay one word. Sets words, cword and cur, and
# typed: the end of cur that readline will replace (the text after a "=" or ":" split off).
_smp_split_line() {
    local line=${COMP_LINE:0:COMP_POINT} word space i
    words=()
    for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
        word=${COMP_WORDS[i]}
        space=${line%%[![:space:]]*}
        line=${line#"$space"}
        if ((i == COMP_CWORD)); then
            word=$line # only what lies before the cursor
            typed=$line
            [[ $typed == [=:] ]] && typed=''
        else
            line=${line#"$word"}
        fi
        if ((i > 0)) && [[ -z $space ]] && [[ $word == [=:] || ${words[-1]} == *[=:] ]]; then
            words[-1]+=$word
        else
            words+=("$word")
        fi
    done
    ((${#words[@]})) || words=('')
    cword=$((${#words[@]} - 1))
    cur=${words[cword]}
}

# Removes shell quoting from a word as typed (quotes, backslashes, a leading ~), without
# evaluating anything in it.
_smp_dequote() {
    local word=$1 out='' quote='' ch i
    if [[ $word == '~' || $word == '~/'* ]]; then
        out=$HOME
        word=${word:1}
    fi
    for ((i = 0; i < ${#word}; i++)); do
        ch=${word:i:1}
        if [[ $quote == "'" ]]; then
            [[ $ch == "'" ]] && quote='' || out+=$ch
        elif [[ $ch == '\' ]]; then
            ((i++))
            out+=${word:i:1}
        elif [[ $quote == '"' ]]; then
            [[ $ch == '"' ]] && quote='' || out+=$ch
        elif [[ $ch == [\'\"] ]]; then
            quote=$ch
        else
            out+=$ch
        fi
    done
    REPLY=$out
}

# Escapes a word with backslashes so the shell reads it back as one argument.
_smp_escape() {
    local word=$1 out='' ch i
    if [[ $word == *[[:cntrl:]]* ]]; then
        printf -v REPLY '%q' "$word"
        return
    fi
    for ((i = 0; i < ${#word}; i++)); do
        ch=${word:i:1}
        case $ch in
        [[:space:]\'\"\\\$\`\!\&\;\|\<\>\(\)\[\]\{\}\*\?\#\~]) out+=\\$ch ;;
        *) out+=$ch ;;
        esac
    done
    REPLY=$out
}

# Adds the words of a list that start with a prefix to COMPREPLY.
_smp_add_words() { # _smp_add_words PREFIX WORDS...
    local prefix=$1 word
    shift
    for word in "$@"; do
        [[ $word == "$prefix"* ]] && COMPREPLY+=("$word")
    done
}

# The value spec of an option on a command: the command's own, else its parents'.
_smp_value_spec() { # _smp_value_spec PATH OPTION
    local path=$1
    while :; do
        if [[ -v "_smp_values[$path $2]" ]]; then
            REPLY=${_smp_values[$path $2]}
            return 0
        fi
        [[ $path == *' '* ]] || break
        path=${path% *}
    done
    REPLY=''
    return 1
}

# Whether OPTION takes a value on the command PATH (or as a global option).
_smp_takes_value() { # _smp_takes_value PATH OPTION
    local options=" ${_smp_options[$1]-} ${_smp_options[smp]} "
    options=${options//[[:space:]]/ }
    [[ $options == *" $2= "* ]]
}

# Whether --file and --config on the command PATH name smp's records file and config, rather
# than an option of the command's own (none has one at present).
_smp_names_records() { # _smp_names_records PATH OPTION
    [[ $1 == smp ]] && return 0
    local options=" ${_smp_options[$1]-} "
    options=${options//[[:space:]]/ }
    [[ $options != *" $2= "* ]]
}

# Names from `smp _complete KIND` (clients, shades or lots), reading the records file the
# line names.
_smp_add_names() { # _smp_add_names KIND TYPED
    local kind=$1 typed=$2 quote='' name prefix names=() lower
    if [[ $typed == [\'\"]* ]]; then
        quote=${typed:0:1}
        typed=${typed:1}
    fi
    _smp_dequote "$typed"
    prefix=$REPLY
    mapfile -t names < <(command smp "${helper_options[@]}" _complete "$kind" 2>/dev/null)
    local matches=()
    for name in "${names[@]}"; do
        [[ -n $name && $name == "$prefix"* ]] && matches+=("$name")
    done
    if ((${#matches[@]} == 0)); then # then ignore case, as smp itself does
        lower=${prefix,,}
        for name in "${names[@]}"; do
            [[ -n $name && ${name,,} == "$lower"* ]] && matches+=("$name")
        done
    fi
    for name in "${matches[@]}"; do
        if [[ -n $quote ]]; then
            # Inside an open quote readline replaces the text after it and closes it itself.
            [[ $quote == '"' ]] && name=${name//\\/\\\\} && name=${name//\"/\\\"} &&
                name=${name//\$/\\\$} && name=${name//\`/\\\`}
            COMPREPLY+=("$name")
        else
            _smp_escape "$name"
            COMPREPLY+=("$REPLY")
        fi
    done
}

_smp_add_files() { # _smp_add_files TYPED
    compopt -o filenames 2>/dev/null
    if declare -F _filedir >/dev/null; then
        local cur=$1
        _filedir
    else
        local file
        while IFS= read -r file; do COMPREPLY+=("$file"); done < <(compgen -f -- "$1")
    fi
}

# The allowed values of OPTION on the command PATH, from smp itself (no records file read).
_smp_option_values() { # _smp_option_values PATH OPTION
    local command=${1#smp}
    mapfile -t REPLY_WORDS < <(command smp _complete values "${command# }" "$2" 2>/dev/null)
}

# Completes the value of an option (OPTION on the command PATH), or a positional, from its spec.
_smp_add_values() { # _smp_add_values SPEC TYPED [PATH OPTION]
    local spec=$1 typed=$2 REPLY_WORDS=()
    case $spec in
    @values | @values-list)
        _smp_option_values "$3" "$4"
        [[ $spec == @values ]] && { _smp_add_words "$typed" "${REPLY_WORDS[@]}"; return; }
        spec="@list ${REPLY_WORDS[*]}"
        ;;
    esac
    case $spec in
    @file) _smp_add_files "$typed" ;;
    @client) _smp_add_names clients "$typed" ;;
    @shade) _smp_add_names shades "$typed" ;;
    @lot) _smp_add_names lots "$typed" ;;
    @import-kind) _smp_add_words "$typed" clients sessions shades lots consents reminders attempts payments erasures all ;;
    @help-topic) _smp_add_words "$typed" ${_smp_subcommands[smp]} config ;;
    @text | '') ;;
    '@list '*)
        # A comma-separated list: complete its last item, keeping the ones before.
        local head='' item
        [[ $typed == *,* ]] && head=${typed%,*},
        local words=()
        for item in ${spec#@list }; do words+=("$head$item"); done
        _smp_add_words "$typed" "${words[@]}"
        ;;
    *) _smp_add_words "$typed" $spec ;;
    esac
}

_smp() {
    local words cword cur typed
    COMPREPLY=()
    _smp_split_line

    # Walk the line: find the command path, skip option values, note the records file.
    local path=smp npositional=0 word i value_of='' helper_options=()
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        case $word in
        --file=* | --config=*)
            if _smp_names_records "$path" "${word%%=*}"; then
                _smp_dequote "${word#*=}"
                helper_options+=("${word%%=*}" "$REPLY")
            fi
            ;;
        -f?*)
            _smp_dequote "${word#-f}"
            helper_options+=(--file "$REPLY")
            ;;
        --*=*) ;;
        -?*)
            if _smp_takes_value "$path" "$word"; then
                if ((i + 1 == cword)); then
                    value_of=$word
                elif [[ $word == -f || $word == --file || $word == --config ]] &&
                    _smp_names_records "$path" "$word"; then
                    _smp_dequote "${words[i + 1]}"
                    helper_options+=("$word" "$REPLY")
                fi
                ((i++))
            fi
            ;;
        *)
            # The list may be wrapped over lines: words are matched whatever separates them.
            local -a subcommands=(${_smp_subcommands[$path]-})
            if ((npositional == 0)) && [[ " ${subcommands[*]} " == *" $word "* ]]; then
                path+=" $word"
            else
                ((npositional++))
            fi
            ;;
        esac
    done

    local full=()
    if [[ -n $value_of ]]; then
        _smp_value_spec "$path" "$value_of"
        _smp_add_values "$REPLY" "$cur" "$path" "$value_of"
    elif [[ $cur == --*=* ]]; then
        local option=${cur%%=*}
        _smp_value_spec "$path" "$option"
        _smp_add_values "$REPLY" "${cur#*=}" "$path" "$option"
        for word in "${COMPREPLY[@]}"; do full+=("$option=$word"); done
        COMPREPLY=("${full[@]}")
    elif [[ $cur == -* ]]; then
        local options="${_smp_options[$path]-} ${_smp_options[smp]}"
        _smp_add_words "$cur" ${options//=/}
    elif [[ -n ${_smp_subcommands[$path]-} && $npositional -eq 0 ]]; then
        _smp_add_words "$cur" ${_smp_subcommands[$path]}
    else
        # The next positional argument; once a command takes no more of them, its options.
        local kinds=(${_smp_positionals[$path]-})
        if ((npositional < ${#kinds[@]})); then
            _smp_add_values "${kinds[npositional]}" "$cur"
        else
            local options="${_smp_options[$path]-} ${_smp_options[smp]}"
            _smp_add_words "$cur" ${options//=/}
        fi
    fi

    # Readline replaces only the text after the last "=" or ":" bash split at; drop the part
    # of each candidate before it.
    local before=${cur%"$typed"}
    if [[ -n $before ]]; then
        full=()
        for word in "${COMPREPLY[@]}"; do full+=("${word#"$before"}"); done
        COMPREPLY=("${full[@]}")
    fi
}

complete -F _smp smp

# ex: filetype=sh
