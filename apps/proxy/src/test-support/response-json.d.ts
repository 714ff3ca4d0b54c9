// Tests read many JSON bodies: let `response.json()` be `any` there instead of `unknown`.
export {};

declare global {
  interface Response {
    json(): Promise<any>;
  }
}
