import { NotFoundError, ValidationError } from '../../../core/errors';
import { MODEL_FEATURE_COUNT, MODEL_FEATURE_NAMES, ModelFeatures } from '../../../features/model-features';
import type { SignalDirection, StrategySignal } from '../../../model/signal';
import { STRATEGY_API_VERSION, type StrategyDefinition, type StrategyParams } from '../../strategy-api';
import { ML_DIRECTION_KIND, type DirectionModel } from './direction-model';
import { predictLogistic } from './logistic-regression';
import type { DirectionModelSource } from './ml-model-store';
import { standardiseRow } from './standardiser';

const TOP_FEATURES = 3;

function threshold(params: StrategyParams): number {
  const value = params.threshold;
  if (typeof value !== 'number' || !(value > 0.5 && value < 1)) throw new ValidationError(`ml-direction threshold must be in (0.5, 1), got ${String(value)}`);
  return value;
}

/**
 * The learned direction strategy. It loads the newest trained model of its series from `models` when
 * created, computes the same features live as training did, and says long (short) when the model's
 * probability of an up (down) move over its horizon reaches the threshold, flat otherwise. It emits a
 * signal when that view changes.
 */
export function createMlDirectionDefinition(models: DirectionModelSource): StrategyDefinition {
  return {
    name: ML_DIRECTION_KIND,
    apiVersion: STRATEGY_API_VERSION,
    description:
      'Logistic-regression classifier over indicator, regime, sentiment and flow features, trained walk-forward on stored history; long or short when its probability of the direction over the next N bars reaches the threshold.',
    parameters: [
      {
        name: 'threshold',
        kind: 'number',
        default: 0.55,
        min: 0.51,
        max: 0.9,
        step: 0.01,
        description: 'Probability of a direction needed to go long or short; below it in both directions the strategy is flat.',
      },
    ],
    warmUp: () => new ModelFeatures().warmUp,
    create: ({ series, params }) => {
      const minimum = threshold(params);
      const model = models.latest(series);
      if (!model) {
        throw new NotFoundError(
          `no ml-direction model for ${series.venue} ${series.symbol} ${series.timeframe}; train one with \`stratus train ml-direction --venue ${series.venue} --symbol ${series.symbol} --timeframe ${series.timeframe}\``,
        );
      }
      if (model.featureNames.length !== MODEL_FEATURE_COUNT || model.featureNames.some((name, i) => name !== MODEL_FEATURE_NAMES[i])) {
        throw new ValidationError(`ml-direction model v${model.version} was trained on a different feature set; train it again`);
      }
      const features = new ModelFeatures();
      const standardised = new Float64Array(MODEL_FEATURE_COUNT);
      let last: SignalDirection | undefined;
      return {
        onCandle: ({ candle, regime, sentiment, flow }) => {
          if (!features.update(candle, { regime, sentiment, flow })) return undefined;
          standardiseRow(model.standardiser, features.values, 0, standardised);
          const pUp = predictLogistic(model.model, standardised);
          const direction: SignalDirection = pUp >= minimum ? 'long' : 1 - pUp >= minimum ? 'short' : 'flat';
          if (direction === last) return undefined;
          last = direction;
          return directionSignal(model, direction, pUp, standardised);
        },
      };
    },
  };
}

function directionSignal(model: DirectionModel, direction: SignalDirection, pUp: number, standardised: Float64Array): StrategySignal {
  const p = direction === 'short' ? 1 - pUp : pUp;
  const contributions = model.featureNames
    .map((name, j) => ({ name, value: model.model.weights[j]! * standardised[j]! }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, TOP_FEATURES)
    .map((c) => `${c.name} ${c.value >= 0 ? '+' : '−'}${Math.abs(c.value).toFixed(2)}`);
  const auc = model.validation.overall.auc.toFixed(3);
  const view = direction === 'flat' ? `P(up) ${pUp.toFixed(3)} is inside the no-trade band` : `P(${direction === 'long' ? 'up' : 'down'}) ${p.toFixed(3)}`;
  return {
    direction,
    strength: direction === 'flat' ? 0 : Math.min(1, (p - 0.5) * 2),
    probability: direction === 'flat' ? Math.max(pUp, 1 - pUp) : p,
    rationale: `${view} over the next ${model.horizon} bars (model v${model.version}, out-of-sample AUC ${auc}); top log-odds contributions: ${contributions.join(', ')}.`,
  };
}
