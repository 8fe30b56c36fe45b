export type { RoutedType, RoutingContext } from './routable';
export { routeMessage, type Routing } from './route-message';
export * from './consignment-owner';
export * from './replacement';
