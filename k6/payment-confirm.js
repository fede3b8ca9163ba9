// Card payments created and confirmed in one request, through the simulated connector: 90% within 500 ms.
import http from 'k6/http';
import { check } from 'k6';
import { baseUrl, rampStages } from './helper/load.js';
import { storeResults } from './helper/results.js';
import { setupMerchant } from './helper/setup.js';

export const options = {
    stages: rampStages,
    thresholds: {
        http_req_duration: ['p(90) < 500'],
    },
};

const payment = JSON.stringify({
    amount: 6540,
    currency: 'USD',
    confirm: true,
    payment_method: 'card',
    payment_method_data: {
        card: {
            card_number: '4242424242424242',
            card_exp_month: '10',
            card_exp_year: '35',
            card_holder_name: 'John Doe',
            card_cvc: '123',
        },
    },
});

export function setup() {
    return setupMerchant();
}

export default function (data) {
    const response = http.post(baseUrl() + '/payments', payment, {
        headers: { 'Content-Type': 'application/json', 'api-key': data.api_key },
    });
    check(response, {
        'confirm payment status 200': function (r) { return r.status === 200; },
    });
}

export function handleSummary(data) {
    return storeResults('payment-confirm', data);
}
