// smp-bench-generate: writes a realistic records file of a chosen size through smp's own store
// library, deterministic from a seed, for the benchmarks in bench/run.
//
//   smp-bench-generate --clients N --seed S --as-of YYYY-MM-DD FILE
//
// Clients are at every course stage: not started (a consult only), a course under way, a
// course finished years ago with touch-ups since. About ten sessions per client over ten
// years (course sessions, touch-ups, corrections, cancellations and no-shows, a few booked),
// with shades, lots, consents and some reminders already sent.

#include <smp/domain/client.hpp>
#include <smp/domain/date.hpp>
#include <smp/domain/due.hpp>
#include <smp/domain/session.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/due.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/store/store.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace smp;

namespace {

constexpr std::array k_first = {"Ana",  "Bo",   "Cy",    "Dee",   "Eve",   "Fay",    "Gus",
                                "Hana", "Ivan", "José",  "Kim",   "Liam",  "Mia",    "Noor",
                                "Omar", "Pia",  "Quinn", "Rui",   "Sofia", "Tom",    "Uma",
                                "Vik",  "Wen",  "Xavi",  "Yusuf", "Zoë",   "Marcus", "Aisha"};
constexpr std::array k_last = {"Lima",   "Chen",   "Dorn",  "Moss",   "Park",   "Rowe",
                               "Hale",   "Sato",   "Novak", "Müller", "Okafor", "Rahman",
                               "Rossi",  "Reilly", "Costa", "Kim",    "Berg",   "Silva",
                               "Nguyen", "Haddad", "Smith", "Jones",  "García", "Kowalski"};
constexpr std::array k_areas = {"hairline", "temples", "frontal", "mid-scalp", "crown", "density"};
constexpr std::array k_skin = {"I", "II", "III", "IV", "V", "VI"};
constexpr std::array k_hair = {"black", "dark-brown", "brown", "light-brown", "blonde", "grey"};

struct Options {
    long clients = 1000;
    unsigned long seed = 1;
    std::string as_of = "2026-06-15";
    std::string file;
};

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::runtime_error(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--clients")
            o.clients = std::stol(value());
        else if (arg == "--seed")
            o.seed = std::stoul(value());
        else if (arg == "--as-of")
            o.as_of = value();
        else if (!arg.empty() && arg[0] != '-' && o.file.empty())
            o.file = arg;
        else
            throw std::runtime_error("unknown argument " + arg);
    }
    if (o.file.empty() || o.clients < 1)
        throw std::runtime_error("usage: smp-bench-generate --clients N [--seed S] "
                                 "[--as-of YYYY-MM-DD] FILE");
    return o;
}

class Generator {
  public:
    Generator(store::Store& store, const Options& options)
        : m_store(store), m_random(options.seed), m_today(*parse_iso_date(options.as_of)) {}

    void run(long clients) {
        m_store.write([&] {
            add_catalogue();
            for (long i = 0; i < clients; ++i)
                add_client(i);
        });
    }

  private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_random); }
    bool chance(double p) { return std::bernoulli_distribution(p)(m_random); }
    Date days_before_today(int days) { return m_today - std::chrono::days(days); }

    void add_catalogue() {
        for (auto [name, base] : {std::pair{"Carbon Black", "black"},
                                  {"Soft Grey", "dark-grey"},
                                  {"Distilled water", "water"}}) {
            Shade shade;
            shade.name = name;
            shade.base = base;
            store::insert_shade(m_store, shade);
            // A lot per year of the ten, each expiring three years after it arrived.
            for (int year = 0; year < 11; ++year) {
                Lot lot;
                lot.shade_id = shade.id;
                lot.number = fmt::format("{}-{}", shade.id, 2016 + year);
                lot.expires_on = std::chrono::year{2019 + year} / 12 / 31;
                if (year == 7) {
                    lot.recalled_on = std::chrono::year{2016 + year} / 6 / 1;
                    lot.recall_reason = "supplier notice";
                }
                store::insert_lot(m_store, lot);
                m_lots.push_back(lot.id);
            }
        }
    }

    void add_client(long index) {
        Client client;
        client.name = fmt::format("{} {} {}", k_first[index % k_first.size()],
                                  k_last[(index / k_first.size()) % k_last.size()], index);
        client.phone = fmt::format("+44 7700 {:06}", index % 1000000);
        if (chance(0.8))
            client.email = fmt::format("client{}@example.com", index);
        client.skin_type = k_skin[pick(k_skin.size())];
        client.hair_colour = k_hair[pick(k_hair.size())];
        client.reminders_allowed = chance(0.9);
        client.archived_at =
            chance(0.03) ? std::optional<std::string>("2025-01-01T00:00:00Z") : std::nullopt;
        store::insert_client(m_store, client);
        add_history(client);
    }

    // A course starting some day in the last ten years, touch-ups every few years after, and
    // the odd cancellation or no-show: about ten sessions on average.
    void add_history(Client& client) {
        int start = pick(3650);
        Date day = days_before_today(start);
        Consent consent;
        consent.client_id = client.id;
        consent.kind = "treatment";
        consent.signed_on = day;
        store::insert_consent(m_store, consent);
        add_session(client, day, SessionStatus::done, SessionKind::consult);
        int stage = pick(100);
        int course = stage < 5 ? 0 : stage < 15 ? 1 + pick(2) : 3;
        for (int i = 0; i < course; ++i) {
            day += std::chrono::days(14 + pick(10));
            if (day > m_today)
                return book(client, day);
            if (chance(0.1))
                add_session(client, day,
                            chance(0.5) ? SessionStatus::cancelled : SessionStatus::no_show,
                            SessionKind::course);
            add_session(client, day, SessionStatus::done, SessionKind::course);
        }
        if (course < 3) {
            // A course left unfinished for months: the client has gone, and a practitioner
            // archives them (they would otherwise stay overdue for years).
            if (start > 90) {
                Client gone = client;
                gone.archived_at = "2025-01-01T00:00:00Z";
                store::update_client(m_store, gone);
            } else if (chance(0.3)) {
                book(client, m_today + std::chrono::days(1 + pick(20)));
            }
            return;
        }
        Date last = day;
        while (true) {
            day += std::chrono::days(100 + pick(340));
            if (day > m_today)
                break;
            add_session(client, day, SessionStatus::done,
                        chance(0.8) ? SessionKind::touchup : SessionKind::correction);
            last = day;
        }
        if (chance(0.05))
            book(client, m_today + std::chrono::days(pick(60)));
        if (chance(0.2))
            add_reminder(client, last);
    }

    void book(const Client& client, Date day) {
        add_session(client, day, SessionStatus::scheduled, SessionKind::course);
    }

    void add_session(const Client& client, Date day, SessionStatus status, SessionKind kind) {
        Session session;
        session.client_id = client.id;
        session.date = day;
        session.time = 9 * 60 + 30 * pick(16);
        session.duration = 120 + 30 * pick(4);
        session.status = status;
        session.kind = kind;
        if (session.status == SessionStatus::done && session.kind != SessionKind::consult) {
            session.areas = {k_areas[pick(k_areas.size())], k_areas[pick(k_areas.size())]};
            if (session.areas[0] == session.areas[1])
                session.areas.pop_back();
            session.needle = Needle{3, "RL", 250};
            session.dilution = fmt::format("{}:1", 4 + pick(8));
            session.price = 30000 + 5000 * pick(6);
            session.currency = "EUR";
            session.shade_id = 1;
        }
        store::insert_session(m_store, session);
        if (session.shade_id) {
            // This year's pigment lot and water lot.
            int year = std::clamp(int(std::chrono::year_month_day{day}.year()) - 2016, 0, 10);
            store::set_session_lots(m_store, session.id, {m_lots[year], m_lots[22 + year]});
        }
    }

    void add_reminder(const Client& client, Date last) {
        Reminder reminder;
        reminder.client_id = client.id;
        reminder.kind = MessageKind::touchup;
        reminder.due = format_date(add_span(last, Span{4, 0, 0}));
        reminder.channel = "email";
        reminder.address = client.email.value_or("none");
        reminder.status = "sent";
        reminder.message = "Time for a touch-up";
        store::claim_reminder(m_store, reminder, m_today, store::RepeatRule{true, std::nullopt});
    }

    store::Store& m_store;
    std::mt19937_64 m_random;
    Date m_today;
    std::vector<std::int64_t> m_lots;
};

} // namespace

int main(int argc, char** argv) {
    try {
        auto options = parse_options(argc, argv);
        if (std::filesystem::exists(options.file))
            throw std::runtime_error("refusing to overwrite " + options.file);
        auto store = store::Store::open(options.file, store::Access::create, 60);
        store::use_due_rules(*store, DueRules{});
        Generator(*store, options).run(options.clients);
        return 0;
    } catch (const std::exception& error) {
        fmt::print(stderr, "smp-bench-generate: {}\n", error.what());
        return 1;
    }
}
