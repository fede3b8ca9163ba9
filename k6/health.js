// The router's cheapest request under the kit's load: 90% must be answered within 15 ms.
import http from 'k6/http';
import { check } from 'k6';
import { baseUrl, rampStages } from './helper/load.js';
import { storeResults } from './helper/results.js';

export const options = {
    stages: rampStages,
    thresholds: {
        http_req_duration: ['p(90) < 15'],
    },
};

export default function () {
    const response = http.get(baseUrl() + '/health');
    check(response, {
        'health status 200': function (r) { return r.status === 200; },
    });
}

export function handleSummary(data) {
    return storeResults('health', data);
}
