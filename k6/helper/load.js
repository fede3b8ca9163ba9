// The kit's load shape, shared by its scripts: ramp up to 25 VUs in 10 s, hold 10 s, ramp down in 10 s.
export const rampStages = [
    { duration: '10s', target: 25 },
    { duration: '10s', target: 25 },
    { duration: '10s', target: 0 },
];

// The service under test; compose sets BASE_URL, and its default is the compose service's address.
export function baseUrl() {
    return __ENV.BASE_URL || 'http://router-server:8080';
}
