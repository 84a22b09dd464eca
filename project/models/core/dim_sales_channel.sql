-- materialization: table
-- unique_key: channel_key
-- description: The six sales channels (docs/raw_zone.md §3), one row each: web, mobile app and social
-- description: sell through the webshop platform online, stores offline through the same platform,
-- description: the two marketplaces online through their own exports.
-- column channel_key: Small fixed integer key, 1..6.
-- column channel_code: The channel as stg_orders.channel spells it.
-- column channel_type: online or offline.
-- column platform: webshop or marketplace (the source system the channel's orders come from).
SELECT channel_key, channel_code, channel_name, channel_type, platform
FROM (
  VALUES (1, 'web', 'Web shop', 'online', 'webshop'),
         (2, 'mobile_app', 'Mobile app', 'online', 'webshop'),
         (3, 'store', 'Stores', 'offline', 'webshop'),
         (4, 'social', 'Social commerce', 'online', 'webshop'),
         (5, 'marketplace_amazon', 'Amazon marketplace', 'online', 'marketplace'),
         (6, 'marketplace_ebay', 'eBay marketplace', 'online', 'marketplace')
) AS channels (channel_key, channel_code, channel_name, channel_type, platform)
