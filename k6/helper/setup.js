// setup() of the payment scripts: creates a merchant, with its API key, and a connector account for it through
// the router's admin API (admin key from __ENV.ADMIN_API_KEY). Its result is every iteration's `data`.
import http from 'k6/http';
import { fail } from 'k6';
import { baseUrl } from './load.js';

function postJson(path, body, apiKey) {
    const response = http.post(baseUrl() + path, JSON.stringify(body), {
        headers: { 'Content-Type': 'application/json', 'api-key': apiKey },
    });
    if (response.status !== 200) {
        fail('setup: POST ' + path + ' answered ' + response.status + ': ' + response.body);
    }
    return response.json();
}

export function setupMerchant() {
    const adminKey = __ENV.ADMIN_API_KEY || 'test_admin';
    const merchant = postJson('/accounts', { merchant_name: 'NewAge Retailer' }, adminKey);
    postJson('/account/' + merchant.merchant_id + '/connectors',
        { connector_name: 'stripe', connector_type: 'fiz_operations' }, adminKey);
    return { merchant_id: merchant.merchant_id, api_key: merchant.api_key };
}
