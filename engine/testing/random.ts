export { seededRandom } from '../core/random';
