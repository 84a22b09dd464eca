#include "generate/reference_data.h"

namespace ecomdw::generate {

std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kWeb: return "web";
    case Channel::kMobileApp: return "mobile_app";
    case Channel::kStore: return "store";
    case Channel::kSocial: return "social";
    case Channel::kAmazon: return "marketplace_amazon";
    case Channel::kEbay: return "marketplace_ebay";
  }
  return "?";
}

const std::array<double, kChannelCount> kChannelShare = {0.38, 0.27, 0.08, 0.05, 0.15, 0.07};

const std::array<CurrencyInfo, kCurrencyCount> kCurrencies = {{
    {"USD", 1000000, 700},
    {"EUR", 1090000, 2000},
    {"GBP", 1270000, 2000},
    {"CAD", 740000, 1300},
    {"AUD", 660000, 1000},
    {"CHF", 1130000, 810},
    {"SEK", 95000, 2500},
    {"NOK", 94000, 2500},
    {"DKK", 146000, 2500},
    {"PLN", 250000, 2300},
}};

const std::array<std::string_view, 3> kCurrenciesWithoutRate = {"ARS", "TRY", "ZAR"};

const std::array<CountryInfo, kCountryCount> kCountries = {{
    {"United States", "US", 0, 0.34, {"New York", "Chicago", "Austin", "Seattle"}},
    {"Canada", "CA", 3, 0.06, {"Toronto", "Vancouver", "Montreal", "Calgary"}},
    {"United Kingdom", "GB", 2, 0.12, {"London", "Manchester", "Leeds", "Bristol"}},
    {"Germany", "DE", 1, 0.12, {"Berlin", "Hamburg", "Munich", "Cologne"}},
    {"France", "FR", 1, 0.07, {"Paris", "Lyon", "Marseille", "Lille"}},
    {"Netherlands", "NL", 1, 0.05, {"Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"}},
    {"Spain", "ES", 1, 0.04, {"Madrid", "Barcelona", "Valencia", "Seville"}},
    {"Italy", "IT", 1, 0.04, {"Rome", "Milan", "Turin", "Naples"}},
    {"Switzerland", "CH", 5, 0.03, {"Zurich", "Geneva", "Basel", "Bern"}},
    {"Sweden", "SE", 6, 0.03, {"Stockholm", "Gothenburg", "Malmo", "Uppsala"}},
    {"Norway", "NO", 7, 0.02, {"Oslo", "Bergen", "Trondheim", "Stavanger"}},
    {"Denmark", "DK", 8, 0.02, {"Copenhagen", "Aarhus", "Odense", "Aalborg"}},
    {"Poland", "PL", 9, 0.02, {"Warsaw", "Krakow", "Wroclaw", "Gdansk"}},
    {"Australia", "AU", 4, 0.04, {"Sydney", "Melbourne", "Brisbane", "Perth"}},
}};

const std::array<std::string_view, 6> kInvalidCountryNames = {"Germny", "Untied States", "N/A",
                                                              "Atlantis", "123", "Frnace"};

const std::array<std::string_view, kSegmentCount> kSegments = {"bronze", "silver", "gold", "platinum"};

const std::array<CategoryInfo, kCategoryCount> kCategories = {{
    {"Electronics", {"Audio", "Phones", "Accessories"}, 8900},
    {"Computers", {"Laptops", "Monitors", "Peripherals"}, 14900},
    {"Home & Kitchen", {"Cookware", "Appliances", "Storage"}, 3900},
    {"Fashion", {"Women", "Men", "Kids"}, 4500},
    {"Shoes", {"Running", "Casual", "Boots"}, 7900},
    {"Beauty", {"Skincare", "Makeup", "Fragrance"}, 2500},
    {"Sports", {"Fitness", "Outdoor", "Cycling"}, 4900},
    {"Toys", {"Games", "Building", "Plush"}, 2900},
    {"Books", {"Fiction", "Non-fiction", "Children"}, 1800},
    {"Garden", {"Tools", "Plants", "Furniture"}, 5900},
    {"Grocery", {"Coffee", "Snacks", "Tea"}, 1200},
    {"Pet Supplies", {"Dogs", "Cats", "Aquarium"}, 2200},
}};

const std::array<std::string_view, kBrandCount> kBrands = {
    "Acme",      "Nordlys",  "Bluebird", "Kestrel",  "Orbit",    "Juniper",  "Vantage", "Solace",
    "Tandem",    "Lumen",    "Pioneer",  "Harbor",   "Quartz",   "Maple",    "Zephyr",  "Ember",
    "Granite",   "Willow",   "Atlas",    "Cobalt",   "Summit",   "Meridian", "Fable",   "Nimbus",
    "Polaris",   "Sierra",   "Aurora",   "Beacon",   "Cascade",  "Drift",    "Echo",    "Fjord",
    "Glacier",   "Horizon",  "Ionic",    "Jetstream", "Koru",    "Lagoon",   "Monarch", "Nova"};

const std::array<std::string_view, 24> kProductNouns = {
    "Headphones", "Speaker", "Charger",  "Backpack", "Jacket",  "Sneakers", "Lamp",    "Kettle",
    "Blender",    "Mug",     "Notebook", "Keyboard", "Mouse",   "Monitor",  "Tent",    "Bottle",
    "Serum",      "Candle",  "Puzzle",   "Novel",    "Planter", "Leash",    "Grinder", "Watch"};

const std::array<std::string_view, 16> kProductAdjectives = {
    "Classic", "Pro",   "Compact", "Ultra", "Eco",    "Smart", "Deluxe", "Mini",
    "Travel",  "Urban", "Premium", "Lite",  "Vintage", "Sport", "Max",   "Essential"};

const std::array<std::string_view, 40> kFirstNames = {
    "Anna",  "Ben",    "Clara", "David", "Emma",   "Felix", "Grace",  "Hugo",  "Ida",    "Jack",
    "Karin", "Lukas",  "Maria", "Noah",  "Olivia", "Paul",  "Quinn",  "Rosa",  "Sam",    "Tara",
    "Uma",   "Victor", "Wendy", "Xavier", "Yara",  "Zoe",   "Liam",   "Mia",   "Lars",   "Sofia",
    "Omar",  "Elena",  "Jonas", "Chloe", "Mateo",  "Nora",  "Pierre", "Freya", "Marco",  "Julia"};

const std::array<std::string_view, 40> kLastNames = {
    "Smith",   "Muller",  "Johnson", "Dubois",   "Rossi",   "Garcia",  "Jansen",  "Nilsen",
    "Kowalski", "Brown",  "Schmidt", "Martin",   "Bianchi", "Lopez",   "de Vries", "Larsen",
    "Nowak",   "Taylor",  "Fischer", "Bernard",  "Romano",  "Sanchez", "Bakker",  "Hansen",
    "Wilson",  "Weber",   "Petit",   "Ricci",    "Perez",   "Visser",  "Berg",    "Lewis",
    "Meyer",   "Moreau",  "Greco",   "Gomez",    "Smit",    "Olsen",   "Walker",  "Wagner"};

const std::array<std::string_view, 16> kStreetNames = {
    "Main Street", "Oak Avenue",  "Station Road", "Park Lane",  "High Street", "Church Road",
    "Mill Lane",   "Lake View",   "River Road",   "Hill Street", "Garden Way", "Market Square",
    "Elm Street",  "Harbour Row", "King Street",  "North Road"};

const std::array<std::string_view, 6> kEmailDomains = {"example.com", "mail.example.org", "inbox.example.net",
                                                       "post.example.de", "example.co.uk", "webmail.example"};

const std::array<std::string_view, kCampaignChannelCount> kCampaignChannels = {"email", "social", "search",
                                                                               "display", "affiliate"};
const std::array<std::string_view, 4> kCampaignTypes = {"promotion", "brand", "retargeting", "acquisition"};
const std::array<std::string_view, 12> kCampaignThemes = {
    "New Year",    "Winter Sale",    "Spring Refresh", "Easter",    "Mother's Day", "Summer Kickoff",
    "Summer Sale", "Back to School", "Autumn Edit",    "Halloween", "Black Friday", "Holiday Gifts"};

const std::array<std::string_view, 3> kDeliveryMethods = {"standard", "express", "pickup"};

}  // namespace ecomdw::generate
